package com.wholesaleos.streaming.fraud;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refund abuse: a retailer's refund rate after delivery far above its segment's. Rates are counted from delivered
 * orders and orders refunded after delivery (the caller reports each refunded order once); a retailer with too few
 * deliveries is judged by nothing (no alert) rather than by a noisy rate, a segment's baseline excludes the retailer
 * being judged, and the rate must be one the segment's rate would produce by chance only rarely (binomial tail).
 * One instance holds one segment; the job keys it by segment.
 */
public final class RefundAbuseRule {
    public static final String NAME = "refund-abuse";

    public record Thresholds(int version, int minDeliveries, double timesSegmentRate, double minRate, double significance) implements java.io.Serializable {
        public static Thresholds from(com.wholesaleos.config.WosConfig c, int version) {
            return new Thresholds(version, c.get(com.wholesaleos.config.WosSettings.FRAUD_REFUND_MIN_DELIVERIES),
                    Double.parseDouble(c.get(com.wholesaleos.config.WosSettings.FRAUD_REFUND_TIMES_SEGMENT)),
                    Double.parseDouble(c.get(com.wholesaleos.config.WosSettings.FRAUD_REFUND_MIN_RATE)),
                    Double.parseDouble(c.get(com.wholesaleos.config.WosSettings.FRAUD_REFUND_SIGNIFICANCE)));
        }
    }

    /** Deliveries and refunds after delivery: of one retailer, or of a whole segment. */
    public record Counts(long delivered, long refunded) {
        Counts plus(long d, long r) { return new Counts(delivered + d, refunded + r); }
        double rate() { return delivered == 0 ? 0 : (double) refunded / delivered; }
    }

    /** Deliveries by the rest of the segment before its rate is a baseline. */
    static final long SEGMENT_MIN_DELIVERIES = 100;

    private Thresholds thresholds;

    /** Judges from now on with these thresholds (a new rule version), keeping what it remembers. */
    public void use(Thresholds next) { this.thresholds = next; }
    private final Map<Long, Counts> byRetailer = new HashMap<>();
    private final Map<String, Counts> bySegment = new HashMap<>();

    public RefundAbuseRule(Thresholds thresholds) { this.thresholds = thresholds; }

    public Optional<FraudSignal> delivered(long retailerId, String segment, long atMs) { return add(retailerId, segment, 1, 0, -1, atMs); }

    public Optional<FraudSignal> refundedAfterDelivery(long retailerId, String segment, long orderId, long atMs) {
        return add(retailerId, segment, 0, 1, orderId, atMs);
    }

    /** Upper end of the 95% Wilson score interval of a rate. */
    static double upperBound(Counts c) {
        double n = c.delivered();
        double p = c.rate();
        double z = 1.96;
        return (p + z * z / (2 * n) + z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n);
    }

    /** P(X >= k) for X ~ Binomial(n, p). */
    static double binomialTail(long n, long k, double p) {
        double tail = 0;
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        for (long i = k; i <= n; i++) tail += Math.exp(logChoose(n, i) + i * logP + (n - i) * logQ);
        return Math.min(1.0, tail);
    }

    private static double logChoose(long n, long k) {
        double s = 0;
        for (long i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
        return s;
    }

    private Optional<FraudSignal> add(long retailerId, String segment, long d, long r, long orderId, long atMs) {
        Counts mine = byRetailer.getOrDefault(retailerId, new Counts(0, 0)).plus(d, r);
        byRetailer.put(retailerId, mine);
        Counts segmentAll = bySegment.getOrDefault(segment, new Counts(0, 0)).plus(d, r);
        bySegment.put(segment, segmentAll);
        return r == 0 ? Optional.empty() : judge(thresholds, retailerId, segment, orderId, atMs, mine, segmentAll);
    }

    /**
     * The rule itself, on counts kept elsewhere (the job keeps each retailer's under its own map entry and the segment's
     * totals beside them, so that an event costs what it touches, not the segment's size): a refund after delivery by
     * {@code retailerId}, whose counts including it are {@code mine}, in a segment whose totals including it are
     * {@code segmentAll}.
     */
    public static Optional<FraudSignal> judge(Thresholds thresholds, long retailerId, String segment, long orderId, long atMs, Counts mine,
                                              Counts segmentAll) {
        if (mine.delivered() < thresholds.minDeliveries()) return Optional.empty();
        Counts others = new Counts(segmentAll.delivered() - mine.delivered(), segmentAll.refunded() - mine.refunded());
        if (others.delivered() < SEGMENT_MIN_DELIVERIES) return Optional.empty(); // no baseline yet to be far above
        double baseline = others.rate();
        if (mine.rate() < thresholds.minRate() || mine.rate() < thresholds.timesSegmentRate() * baseline) return Optional.empty();
        // A high rate on few deliveries happens by chance: alert only when the segment's rate would rarely produce it. The
        // segment's rate is itself an estimate, low while its latest deliveries' refunds are still to come: the upper end
        // of its 95% interval (Wilson) is the rate the retailer must be improbable at.
        double chance = binomialTail(mine.delivered(), mine.refunded(), Math.max(upperBound(others), 0.01));
        if (chance > thresholds.significance()) return Optional.empty();
        String detail = String.format("%d of %d delivered orders refunded (%.0f%%) against %.1f%% for the %s segment (chance %.1g)", mine.refunded(),
                mine.delivered(), 100 * mine.rate(), 100 * baseline, segment, chance);
        double score = Math.min(1.0, baseline == 0 ? 1.0 : mine.rate() / (thresholds.timesSegmentRate() * baseline) / 2);
        return Optional.of(new FraudSignal(NAME, thresholds.version(), mine.rate() >= 0.5 ? FraudSignal.Severity.HIGH : FraudSignal.Severity.MEDIUM,
                score, "retailer", Long.toString(retailerId), List.of(new FraudSignal.Evidence("order", Long.toString(orderId), "refunded after delivery; " + detail)),
                atMs));
    }
}
