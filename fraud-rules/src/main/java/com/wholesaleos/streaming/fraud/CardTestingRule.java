package com.wholesaleos.streaming.fraud;

import java.util.ArrayList;
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
    public record Thresholds(int version, int failures, long windowMs) implements java.io.Serializable {
        public static Thresholds from(com.wholesaleos.config.WosConfig c, int version) {
            return new Thresholds(version, c.get(com.wholesaleos.config.WosSettings.FRAUD_CARD_TESTING_FAILURES),
                    c.get(com.wholesaleos.config.WosSettings.FRAUD_CARD_TESTING_WINDOW_MS));
        }
    }

    private Thresholds thresholds;

    /** Judges from now on with these thresholds (a new rule version), keeping what it remembers. */
    public void use(Thresholds next) { this.thresholds = next; }
    private final EventWindow<Payment> failures = new EventWindow<>();
    private final java.util.Set<Long> failedIds = new java.util.HashSet<>();
    private final EventWindow<Payment> successes = new EventWindow<>();

    public CardTestingRule(Thresholds thresholds) { this.thresholds = thresholds; }

    /** Applies one payment of this entity; a signal when the failures within the window reach the threshold. */
    public Optional<FraudSignal> onPayment(String entityType, String entityId, Payment p) {
        if (p.failed()) {
            if (!failedIds.add(p.paymentId())) return Optional.empty(); // a replay
            failures.add(p.atMs(), p);
            failures.prune(KEEP_WINDOWS * thresholds.windowMs());
            if (failedIds.size() > 10_000) failedIds.clear(); // replays arrive close to the original
            List<Payment> burst = failures.busiestWindowContaining(p.atMs(), thresholds.windowMs());
            if (burst.size() < thresholds.failures()) return Optional.empty();
            // A success already seen right after the burst (it may arrive before the failures) makes it worse.
            List<Payment> after = successes.busiestWindowContaining(burst.get(burst.size() - 1).atMs(), thresholds.windowMs());
            Payment success = after.stream().filter(s -> s.atMs() >= burst.get(burst.size() - 1).atMs()).findFirst().orElse(null);
            double score = success != null ? 1.0 : Math.min(1.0, 0.5 * burst.size() / thresholds.failures());
            return Optional.of(signal(entityType, entityId, success != null ? FraudSignal.Severity.HIGH : FraudSignal.Severity.MEDIUM, score, burst, success, p.atMs()));
        }
        if (!p.succeeded()) return Optional.empty();
        successes.add(p.atMs(), p);
        successes.prune(KEEP_WINDOWS * thresholds.windowMs());
        // Failures within the window before this success.
        List<Payment> before = failures.busiestWindowContaining(p.atMs() - thresholds.windowMs(), thresholds.windowMs()).stream()
                .filter(f -> f.atMs() <= p.atMs() && f.atMs() >= p.atMs() - thresholds.windowMs()).toList();
        if (before.size() < thresholds.failures()) return Optional.empty();
        return Optional.of(signal(entityType, entityId, FraudSignal.Severity.HIGH, 1.0, before, p, p.atMs()));
    }

    /** Windows of history kept for late arrivals. */
    private static final int KEEP_WINDOWS = 24;

    /** Nothing left to remember: the state can go (the job's TTL uses the same window). */
    public boolean isEmpty() { return failures.isEmpty() && successes.isEmpty(); }

    private FraudSignal signal(String entityType, String entityId, FraudSignal.Severity severity, double score, List<Payment> burst, Payment success, long at) {
        List<FraudSignal.Evidence> evidence = new ArrayList<>();
        for (Payment f : burst) {
            evidence.add(new FraudSignal.Evidence("payment", Long.toString(f.paymentId()), "failed (" + f.failureReason() + ") on order " + f.orderId()
                    + " of retailer " + f.retailerId() + " with instrument " + f.instrument()));
        }
        if (success != null) {
            evidence.add(new FraudSignal.Evidence("payment", Long.toString(success.paymentId()), success.status() + " on order " + success.orderId()
                    + " after " + burst.size() + " failures within " + thresholds.windowMs() / 60_000 + " min"));
        }
        return new FraudSignal(NAME, thresholds.version(), severity, score, entityType, entityId, List.copyOf(evidence), at);
    }
}
