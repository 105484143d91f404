package com.wholesaleos.streaming.fraud;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refund abuse: a retailer's refund rate after delivery far above its segment's. Rates are counted from delivered
 * orders and refunds of delivered orders; a retailer with too few deliveries is judged by nothing (no alert) rather
 * than by a noisy rate, and a segment's baseline excludes the retailer being judged.
 */
public final class RefundAbuseRule {
    public static final String NAME = "refund-abuse";

    public record Thresholds(int version, int minDeliveries, double timesSegmentRate, double minRate) {
        public static Thresholds from(com.wholesaleos.config.WosConfig c, int version) {
            return new Thresholds(version, c.get(com.wholesaleos.config.WosSettings.FRAUD_REFUND_MIN_DELIVERIES),
                    Double.parseDouble(c.get(com.wholesaleos.config.WosSettings.FRAUD_REFUND_TIMES_SEGMENT)),
                    Double.parseDouble(c.get(com.wholesaleos.config.WosSettings.FRAUD_REFUND_MIN_RATE)));
        }
    }

    private record Counts(long delivered, long refunded) {
        Counts plus(long d, long r) { return new Counts(delivered + d, refunded + r); }
        double rate() { return delivered == 0 ? 0 : (double) refunded / delivered; }
    }

    private final Thresholds thresholds;
    private final Map<Long, Counts> byRetailer = new HashMap<>();
    private final Map<String, Counts> bySegment = new HashMap<>();

    public RefundAbuseRule(Thresholds thresholds) { this.thresholds = thresholds; }

    public Optional<FraudSignal> delivered(long retailerId, String segment, long atMs) { return add(retailerId, segment, 1, 0, -1, atMs); }

    public Optional<FraudSignal> refundedAfterDelivery(long retailerId, String segment, long orderId, long atMs) {
        return add(retailerId, segment, 0, 1, orderId, atMs);
    }

    private Optional<FraudSignal> add(long retailerId, String segment, long d, long r, long orderId, long atMs) {
        Counts mine = byRetailer.getOrDefault(retailerId, new Counts(0, 0)).plus(d, r);
        byRetailer.put(retailerId, mine);
        Counts segmentAll = bySegment.getOrDefault(segment, new Counts(0, 0)).plus(d, r);
        bySegment.put(segment, segmentAll);
        if (r == 0 || mine.delivered() < thresholds.minDeliveries()) return Optional.empty();
        Counts others = new Counts(segmentAll.delivered() - mine.delivered(), segmentAll.refunded() - mine.refunded());
        double baseline = others.rate();
        if (mine.rate() < thresholds.minRate() || mine.rate() < thresholds.timesSegmentRate() * baseline) return Optional.empty();
        String detail = String.format("%d of %d delivered orders refunded (%.0f%%) against %.1f%% for the %s segment", mine.refunded(),
                mine.delivered(), 100 * mine.rate(), 100 * baseline, segment);
        double score = Math.min(1.0, baseline == 0 ? 1.0 : mine.rate() / (thresholds.timesSegmentRate() * baseline) / 2);
        return Optional.of(new FraudSignal(NAME, thresholds.version(), mine.rate() >= 0.5 ? FraudSignal.Severity.HIGH : FraudSignal.Severity.MEDIUM,
                score, "retailer", Long.toString(retailerId), List.of(new FraudSignal.Evidence("order", Long.toString(orderId), "refunded after delivery; " + detail)),
                atMs));
    }
}
