package com.wholesaleos.streaming.fraud;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Amount anomaly: an order far above the retailer's own trailing distribution of order values once it has enough
 * orders; until then far above its category's, at a wider margin (wholesale buyers differ in size by orders of
 * magnitude). A big buyer whose orders are always big is normal for itself.
 * Distributions are kept as running mean and variance (Welford), on the log of the value, since order values are
 * skewed: "far above" is a number of standard deviations in orders of magnitude. An order judged anomalous does not
 * join the distribution it was judged against, so fraud does not widen the baseline that should catch the next one.
 */
public final class AmountAnomalyRule {
    public static final String NAME = "amount-anomaly";

    public record Thresholds(int version, double deviations, int minOrders) implements java.io.Serializable {
        public static Thresholds from(com.wholesaleos.config.WosConfig c, int version) {
            return new Thresholds(version, Double.parseDouble(c.get(com.wholesaleos.config.WosSettings.FRAUD_AMOUNT_DEVIATIONS)), c.get(com.wholesaleos.config.WosSettings.FRAUD_AMOUNT_MIN_ORDERS));
        }
    }

    /** A running distribution of log order values. */
    public static final class Distribution {
        private long n;
        private double mean;
        private double m2;

        public void add(BigDecimal value) {
            double x = Math.log10(Math.max(value.doubleValue(), 0.01)); // the statistic, not money: double is fine here
            n++;
            double d = x - mean;
            mean += d / n;
            m2 += d * (x - mean);
        }

        public long count() { return n; }
        double mean() { return mean; }
        double stddev() { return n < 2 ? 0 : Math.sqrt(m2 / (n - 1)); }
    }

    /**
     * How much further above its category than above its own history an order must be. Simulated categories spread
     * about 0.5-0.7 orders of magnitude, their biggest ordinary orders (habitual big buyers) reach 3.6 standard
     * deviations: 5 keeps clear of them and still sees an order ten thousand times the median in the widest category.
     */
    static final double CATEGORY_MARGIN = 1.25;
    /** What the retailer's step tells its category's: judge this order for me; or, it was anomalous, leave it out. */
    public static final String ASK_CATEGORY = "amount";
    public static final String FLAGGED = "amount-flagged";

    private final Thresholds thresholds;

    public AmountAnomalyRule(Thresholds thresholds) { this.thresholds = thresholds; }

    /**
     * Judges one order against its category's distribution (before it joins it), at the category margin, whether or not
     * the retailer's own history judged it (a few varied orders can leave its own spread too wide to see an outlier by).
     */
    public Optional<FraudSignal> judgeAgainstCategory(long orderId, long retailerId, BigDecimal value, Distribution category, long atMs) {
        return judge(orderId, retailerId, value, new Distribution(), category, atMs);
    }

    /** Judges one order against the retailer's (or the category's) distribution before the order joins them. */
    public Optional<FraudSignal> judge(long orderId, long retailerId, BigDecimal value, Distribution retailer, Distribution category, long atMs) {
        boolean own = retailer.count() >= thresholds.minOrders();
        Distribution d = own ? retailer : category;
        if (d.count() < thresholds.minOrders()) return Optional.empty(); // nothing to compare with yet
        double x = Math.log10(Math.max(value.doubleValue(), 0.01));
        // At least half an order of magnitude: a few similar orders are not a zero-width target (at 0.4 a retailer's occasional
        // forty-fold restock reached the threshold; fraud scenarios sit thousands of times above the median).
        double sd = Math.max(d.stddev(), 0.5);
        double z = (x - d.mean()) / sd;
        // Against its category a retailer is held to a wider margin: wholesale buyers differ in size by orders of magnitude.
        if (z < thresholds.deviations() * (own ? 1 : CATEGORY_MARGIN)) return Optional.empty();
        String detail = String.format("order of %s is %.1f standard deviations above %s (typical %.2f)", value.toPlainString(), z,
                own ? "the retailer's own orders" : "its category's orders", Math.pow(10, d.mean()));
        FraudSignal.Severity severity = z >= 2 * thresholds.deviations() ? FraudSignal.Severity.HIGH : FraudSignal.Severity.MEDIUM;
        return Optional.of(new FraudSignal(NAME, thresholds.version(), severity, Math.min(1.0, z / (2 * thresholds.deviations())), "order",
                Long.toString(orderId), List.of(new FraudSignal.Evidence("order", Long.toString(orderId), detail + ", retailer " + retailerId)), atMs));
    }
}
