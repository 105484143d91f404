package com.wholesaleos.marketplace.simulator;

/** What the simulator has committed so far; handed to a progress listener about once a second. */
public record SimulationProgress(long ordersPlaced, long targetOrders, long transactions, double elapsedSeconds) {
    public double ordersPerSecond() { return elapsedSeconds <= 0 ? 0 : ordersPlaced / elapsedSeconds; }

    public String line() {
        String target = targetOrders > 0 ? String.format("/%,d (%d%%)", targetOrders, ordersPlaced * 100 / Math.max(1, targetOrders)) : "";
        return String.format("simulate: %,d%s orders, %,d transactions, %.0f orders/s, %.0fs", ordersPlaced, target, transactions,
                ordersPerSecond(), elapsedSeconds);
    }
}
