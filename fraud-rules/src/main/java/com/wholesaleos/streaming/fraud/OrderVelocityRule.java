package com.wholesaleos.streaming.fraud;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Order velocity: a retailer's orders in a sliding window far above its own trailing rate, or, while it has too little
 * history of its own, above its segment's; and an absolute ceiling for accounts younger than a few days. One instance
 * holds one retailer's recent orders and its lifetime count.
 */
public final class OrderVelocityRule {
    public static final String NAME = "order-velocity";
    private static final long DAY_MS = 86_400_000L;

    public record Thresholds(int version, long windowMs, double timesBaseline, int minHistoryDays, int youngDays, int youngCeiling) implements java.io.Serializable {
        public static Thresholds from(com.wholesaleos.config.WosConfig c, int version) {
            return new Thresholds(version, c.get(com.wholesaleos.config.WosSettings.FRAUD_VELOCITY_WINDOW_MS), Double.parseDouble(c.get(com.wholesaleos.config.WosSettings.FRAUD_VELOCITY_TIMES_BASELINE)),
                    c.get(com.wholesaleos.config.WosSettings.FRAUD_VELOCITY_MIN_HISTORY_DAYS), c.get(com.wholesaleos.config.WosSettings.FRAUD_VELOCITY_YOUNG_DAYS), c.get(com.wholesaleos.config.WosSettings.FRAUD_VELOCITY_YOUNG_CEILING));
        }
    }

    public record Order(long orderId, long retailerId, BigDecimal value, long atMs) {}

    /** Windows of history kept for late arrivals. */
    private static final int KEEP_WINDOWS = 24;

    private Thresholds thresholds;

    /** Judges from now on with these thresholds (a new rule version), keeping what it remembers. */
    public void use(Thresholds next) { this.thresholds = next; }
    private final EventWindow<Order> recent = new EventWindow<>();
    private final java.util.Set<Long> recentIds = new java.util.HashSet<>();
    private long lifetimeOrders;
    private long firstOrderAtMs = Long.MAX_VALUE;

    public OrderVelocityRule(Thresholds thresholds) { this.thresholds = thresholds; }

    /**
     * @param signupAtMs              the retailer's sign-up (business time)
     * @param segmentOrdersPerWindow  its segment's typical orders per retailer per window: the fallback baseline
     */
    public Optional<FraudSignal> onOrder(Order o, long signupAtMs, double segmentOrdersPerWindow) {
        if (!recentIds.add(o.orderId())) return Optional.empty(); // a replay
        // The baseline is what came before this order: measured before it joins the counts.
        double historyDays = firstOrderAtMs == Long.MAX_VALUE ? 0 : (o.atMs() - firstOrderAtMs) / (double) DAY_MS;
        double ownPerWindow = historyDays <= 0 ? 0 : lifetimeOrders / ((o.atMs() - firstOrderAtMs) / (double) thresholds.windowMs());
        boolean ownHistory = historyDays >= thresholds.minHistoryDays();
        double baseline = Math.max(ownHistory ? ownPerWindow : segmentOrdersPerWindow, 1.0);
        lifetimeOrders++;
        firstOrderAtMs = Math.min(firstOrderAtMs, o.atMs());
        recent.add(o.atMs(), o);
        recent.prune(KEEP_WINDOWS * thresholds.windowMs());
        if (recentIds.size() > 4 * KEEP_WINDOWS + 1_000) recentIds.clear(); // replays arrive close to the original
        List<Order> inWindow = recent.busiestWindowContaining(o.atMs(), thresholds.windowMs());

        return judge(o, inWindow, signupAtMs, baseline, ownHistory);
    }

    /**
     * The retailer's sign-up became known after some of its orders (its row came later, on another topic): the orders
     * already seen are judged again against the young-account ceiling.
     */
    public Optional<FraudSignal> onSignupKnown(long signupAtMs) {
        for (Order o : recent.all()) {
            if (o.atMs() - signupAtMs >= thresholds.youngDays() * DAY_MS) continue;
            List<Order> inWindow = recent.busiestWindowContaining(o.atMs(), thresholds.windowMs());
            if (inWindow.size() > thresholds.youngCeiling()) return judge(o, inWindow, signupAtMs, Double.MAX_VALUE, false);
        }
        return Optional.empty();
    }

    private Optional<FraudSignal> judge(Order o, List<Order> inWindow, long signupAtMs, double baseline, boolean ownHistory) {
        int count = inWindow.size();
        boolean young = o.atMs() - signupAtMs < thresholds.youngDays() * DAY_MS;
        String why;
        FraudSignal.Severity severity;
        if (young && count > thresholds.youngCeiling()) {
            why = count + " orders within " + thresholds.windowMs() / 60_000 + " min from an account " + (o.atMs() - signupAtMs) / DAY_MS
                    + " days old (ceiling " + thresholds.youngCeiling() + ")";
            severity = FraudSignal.Severity.HIGH;
        } else if (count > thresholds.timesBaseline() * baseline) {
            why = String.format("%d orders within %d min against %.1f usual (%s)", count, thresholds.windowMs() / 60_000, baseline,
                    ownHistory ? "its own trailing rate" : "its segment's, too little history of its own");
            severity = FraudSignal.Severity.MEDIUM;
        } else {
            return Optional.empty();
        }
        List<FraudSignal.Evidence> evidence = new ArrayList<>();
        BigDecimal value = BigDecimal.ZERO;
        for (Order x : inWindow) {
            evidence.add(new FraudSignal.Evidence("order", Long.toString(x.orderId()), x.value().toPlainString()));
            value = value.add(x.value());
        }
        evidence.add(new FraudSignal.Evidence("retailer", Long.toString(o.retailerId()), why + "; value " + value.toPlainString()));
        double score = Math.min(1.0, count / (2.0 * Math.max(baseline * thresholds.timesBaseline(), thresholds.youngCeiling())));
        return Optional.of(new FraudSignal(NAME, thresholds.version(), severity, score, "retailer", Long.toString(o.retailerId()),
                List.copyOf(evidence), o.atMs()));
    }
}
