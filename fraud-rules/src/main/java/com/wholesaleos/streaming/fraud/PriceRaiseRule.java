package com.wholesaleos.streaming.fraud;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * Seller collusion, the price side: a product's price raised sharply shortly before a large order of it (the buyer
 * pays the inflated price with borrowed credit or a stolen instrument, the seller cashes out). One instance holds one
 * product's last price change.
 */
public final class PriceRaiseRule {
    public static final String NAME = "seller-collusion";

    public record Thresholds(int version, BigDecimal minRaiseRatio, long withinMs, BigDecimal minOrderValue) implements java.io.Serializable {
        public static Thresholds from(com.wholesaleos.config.WosConfig c, int version) {
            return new Thresholds(version, new BigDecimal(c.get(com.wholesaleos.config.WosSettings.FRAUD_PRICE_RAISE_RATIO)), c.get(com.wholesaleos.config.WosSettings.FRAUD_PRICE_RAISE_WITHIN_MS),
                    new BigDecimal(c.get(com.wholesaleos.config.WosSettings.FRAUD_PRICE_RAISE_MIN_LINE)));
        }
    }

    private Thresholds thresholds;

    /** Judges from now on with these thresholds (a new rule version), keeping what it remembers. */
    public void use(Thresholds next) { this.thresholds = next; }
    private BigDecimal previousPrice;
    private BigDecimal price;
    private long changedAtMs = Long.MIN_VALUE;

    public PriceRaiseRule(Thresholds thresholds) { this.thresholds = thresholds; }

    /** Large lines of the last {@code withinMs}: a price change that arrives after them (another topic) still judges them. */
    private final java.util.ArrayDeque<Object[]> recentLargeLines = new java.util.ArrayDeque<>();

    /** A price change; signals for large lines already seen that came within the window after it. */
    public List<FraudSignal> priceChanged(long productId, BigDecimal before, BigDecimal after, long atMs) {
        previousPrice = before;
        price = after;
        changedAtMs = atMs;
        List<FraudSignal> late = new java.util.ArrayList<>();
        for (Object[] l : recentLargeLines) ordered(productId, (long) l[0], (long) l[1], (BigDecimal) l[2], (long) l[3]).ifPresent(late::add);
        return late;
    }

    /** A line of this product as it arrives. */
    public Optional<FraudSignal> onLine(long productId, long orderId, long retailerId, BigDecimal lineValue, long atMs) {
        if (lineValue.compareTo(thresholds.minOrderValue()) >= 0) {
            recentLargeLines.addLast(new Object[] {orderId, retailerId, lineValue, atMs});
            while (!recentLargeLines.isEmpty() && (long) recentLargeLines.peekFirst()[3] < atMs - thresholds.withinMs()) recentLargeLines.removeFirst();
        }
        return ordered(productId, orderId, retailerId, lineValue, atMs);
    }

    public Optional<FraudSignal> ordered(long productId, long orderId, long retailerId, BigDecimal lineValue, long atMs) {
        if (previousPrice == null || previousPrice.signum() <= 0 || atMs - changedAtMs > thresholds.withinMs() || atMs < changedAtMs) return Optional.empty();
        BigDecimal ratio = price.divide(previousPrice, 4, RoundingMode.HALF_UP);
        if (ratio.compareTo(thresholds.minRaiseRatio()) < 0 || lineValue.compareTo(thresholds.minOrderValue()) < 0) return Optional.empty();
        String detail = "price raised from " + previousPrice.toPlainString() + " to " + price.toPlainString() + " (x" + ratio.stripTrailingZeros().toPlainString()
                + ") " + (atMs - changedAtMs) / 60_000 + " min before an order line of " + lineValue.toPlainString() + (retailerId != 0 ? " by retailer " + retailerId : "") + " on order " + orderId;
        return Optional.of(new FraudSignal(NAME, thresholds.version(), FraudSignal.Severity.HIGH, 0.9, "product", Long.toString(productId),
                List.of(new FraudSignal.Evidence("product", Long.toString(productId), detail),
                        new FraudSignal.Evidence("order", Long.toString(orderId), lineValue.toPlainString())), atMs));
    }
}
