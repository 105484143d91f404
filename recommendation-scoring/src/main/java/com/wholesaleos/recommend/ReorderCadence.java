package com.wholesaleos.recommend;

import java.util.Arrays;
import java.util.Optional;

/**
 * "Buy again": how likely a retailer's next order holds a product it bought before. The prior is how often it does: the
 * share of its orders that held the product. The cadence is the median gap between its purchases of the product (robust
 * to a skipped or an extra order); with a single purchase the retailer's own gap between orders times a typical multiple
 * stands in; with the retailer's first order nothing is known of its rhythm, and the product counts halfway. The product is judged at the retailer's next expected order (a feed is read when the retailer comes back):
 * the prior counts in full when the cadence has passed by then, and shrinks to two fifths when it was just bought (falling
 * fast before the due date, slowly after: overdue is still likely, long overdue means it stopped).
 */
public final class ReorderCadence {
    /** Spread (natural log of elapsed / cadence) of the score before and after the due date. */
    static final double EARLY_SPREAD = 0.35;
    static final double LATE_SPREAD = 0.8;
    /** With one purchase, the cadence guessed as this many of the retailer's order gaps. */
    static final double SINGLE_PURCHASE_GAPS = 2.0;
    /** What is left of the prior for a product not due yet. */
    static final double NOT_DUE_FLOOR = 0.4;

    private ReorderCadence() {}

    /** The judgement for one product: score 0-1, cadence and elapsed time in days, for the feed's detail. */
    public record Due(double score, double cadenceDays, double elapsedDays, int purchases, int orders) {
        public String detail() {
            return purchases >= 2
                    ? String.format("in %d of its last %d orders, every %.1f days; %.1f days since by its next expected order", purchases, orders,
                            cadenceDays, elapsedDays)
                    : Double.isNaN(cadenceDays) ? "in its first order"
                    : String.format("in 1 of its last %d orders; %.1f days since by its next expected order", orders, elapsedDays);
        }
    }

    /**
     * @param purchaseTimes business times (ms) of the retailer's orders that contained the product, any order
     * @param orders        the retailer's orders over the same history
     * @param retailerGapMs the retailer's typical gap between orders (ms), or 0 if unknown
     * @param judgeAtMs     when the retailer is next expected to order
     */
    public static Optional<Due> due(long[] purchaseTimes, int orders, long retailerGapMs, long judgeAtMs) {
        if (purchaseTimes.length == 0) return Optional.empty();
        long[] t = purchaseTimes.clone();
        Arrays.sort(t);
        long last = t[t.length - 1];
        double cadence;
        if (t.length >= 2) {
            long[] gaps = new long[t.length - 1];
            for (int i = 1; i < t.length; i++) gaps[i - 1] = t[i] - t[i - 1];
            Arrays.sort(gaps);
            cadence = gaps.length % 2 == 1 ? gaps[gaps.length / 2] : (gaps[gaps.length / 2 - 1] + gaps[gaps.length / 2]) / 2.0;
        } else if (retailerGapMs > 0) {
            cadence = retailerGapMs * SINGLE_PURCHASE_GAPS;
        } else {
            cadence = Double.NaN; // a retailer's first order: no rhythm known yet
        }
        double prior = Math.min(1.0, t.length / (double) Math.max(orders, t.length));
        if (Double.isNaN(cadence)) {
            // Neither due nor just bought as far as anyone can tell: halfway between.
            return Optional.of(new Due(prior * (1 + NOT_DUE_FLOOR) / 2, Double.NaN, Math.max(judgeAtMs - last, 0) / (double) TimeDecay.DAY_MS, t.length,
                    Math.max(orders, t.length)));
        }
        cadence = Math.max(cadence, TimeDecay.DAY_MS / 24.0); // two lines of one order are not a cadence of zero
        double elapsed = Math.max(judgeAtMs - last, 0);
        double ratio = Math.max(elapsed / cadence, 1e-3);
        double x = Math.log(ratio) / (ratio < 1 ? EARLY_SPREAD : LATE_SPREAD);
        double score = prior * (NOT_DUE_FLOOR + (1 - NOT_DUE_FLOOR) * Math.exp(-x * x / 2));
        return Optional.of(new Due(score, cadence / TimeDecay.DAY_MS, elapsed / TimeDecay.DAY_MS, t.length, Math.max(orders, t.length)));
    }

    /** The retailer's typical gap between orders: the median of its recent gaps, 0 with fewer than two orders. */
    public static long typicalGap(long[] orderTimes) {
        if (orderTimes.length < 2) return 0;
        long[] t = orderTimes.clone();
        Arrays.sort(t);
        long[] gaps = new long[t.length - 1];
        for (int i = 1; i < t.length; i++) gaps[i - 1] = t[i] - t[i - 1];
        Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }
}
