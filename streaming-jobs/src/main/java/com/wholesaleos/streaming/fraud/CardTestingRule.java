package com.wholesaleos.streaming.fraud;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Card testing: several failed payments on one instrument (or one retailer) within minutes; worse when a success
 * follows them (the tester found a card that works). One instance holds one entity's recent failures; the job keys
 * payments by instrument and, separately, by retailer.
 */
public final class CardTestingRule {
    public static final String NAME = "card-testing";

    /** A payment attempt as the rule sees it. */
    public record Payment(long paymentId, long orderId, long retailerId, String instrument, String status, String failureReason, long atMs) {
        boolean failed() { return "failed".equals(status); }
        boolean succeeded() { return "authorized".equals(status) || "captured".equals(status); }
    }

    /** Thresholds, from WosSettings; a change of them is a new version. */
    public record Thresholds(int version, int failures, long windowMs) {
        public static Thresholds from(com.wholesaleos.config.WosConfig c, int version) {
            return new Thresholds(version, c.get(com.wholesaleos.config.WosSettings.FRAUD_CARD_TESTING_FAILURES),
                    c.get(com.wholesaleos.config.WosSettings.FRAUD_CARD_TESTING_WINDOW_MS));
        }
    }

    private final Thresholds thresholds;
    private final Deque<Payment> recentFailures = new ArrayDeque<>();

    public CardTestingRule(Thresholds thresholds) { this.thresholds = thresholds; }

    /** Applies one payment of this entity; a signal when the failures within the window reach the threshold. */
    public Optional<FraudSignal> onPayment(String entityType, String entityId, Payment p) {
        while (!recentFailures.isEmpty() && recentFailures.peekFirst().atMs() < p.atMs() - thresholds.windowMs()) recentFailures.removeFirst();
        if (p.failed()) {
            if (recentFailures.stream().noneMatch(f -> f.paymentId() == p.paymentId())) recentFailures.addLast(p);
            if (recentFailures.size() < thresholds.failures()) return Optional.empty();
            double score = Math.min(1.0, 0.5 * recentFailures.size() / thresholds.failures());
            return Optional.of(signal(entityType, entityId, FraudSignal.Severity.MEDIUM, score, null, p.atMs()));
        }
        if (p.succeeded() && recentFailures.size() >= thresholds.failures()) {
            return Optional.of(signal(entityType, entityId, FraudSignal.Severity.HIGH, 1.0, p, p.atMs()));
        }
        return Optional.empty();
    }

    /** Nothing left to remember: the state can go (the job's TTL uses the same window). */
    public boolean isEmpty() { return recentFailures.isEmpty(); }

    private FraudSignal signal(String entityType, String entityId, FraudSignal.Severity severity, double score, Payment success, long at) {
        List<FraudSignal.Evidence> evidence = new ArrayList<>();
        for (Payment f : recentFailures) {
            evidence.add(new FraudSignal.Evidence("payment", Long.toString(f.paymentId()), "failed (" + f.failureReason() + ") on order " + f.orderId()
                    + " of retailer " + f.retailerId() + " with instrument " + f.instrument()));
        }
        if (success != null) {
            evidence.add(new FraudSignal.Evidence("payment", Long.toString(success.paymentId()), success.status() + " on order " + success.orderId()
                    + " after " + recentFailures.size() + " failures within " + thresholds.windowMs() / 60_000 + " min"));
        }
        return new FraudSignal(NAME, thresholds.version(), severity, score, entityType, entityId, List.copyOf(evidence), at);
    }
}
