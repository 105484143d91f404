package com.wholesaleos.streaming.fraud;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Referral abuse, three patterns: referrer and referee sharing an instrument, phone, address or device (one person on
 * both sides of a reward); referral rings (A refers B refers C refers A); a referee who cancels or refunds right after
 * the reward was paid. The ring check holds the referral graph; the job keeps it in one keyed partition.
 */
public final class ReferralAbuseRule {
    public static final String NAME = "referral-abuse";

    /** The identifying facts of one retailer. Any may be null (not known). */
    public record Identity(long retailerId, String phone, String address, String device, Set<String> instruments) {}

    public record Thresholds(int version, int maxRingLength, long cancelAfterRewardMs) implements java.io.Serializable {
        public static Thresholds from(com.wholesaleos.config.WosConfig c, int version) {
            return new Thresholds(version, c.get(com.wholesaleos.config.WosSettings.FRAUD_RING_MAX_LENGTH),
                    c.get(com.wholesaleos.config.WosSettings.FRAUD_CANCEL_AFTER_REWARD_MS));
        }
    }

    private Thresholds thresholds;

    /** Judges from now on with these thresholds (a new rule version), keeping what it remembers. */
    public void use(Thresholds next) { this.thresholds = next; }
    /** referrer → referees */
    private final Map<Long, Set<Long>> referred = new HashMap<>();

    public ReferralAbuseRule(Thresholds thresholds) { this.thresholds = thresholds; }

    /** A referral between two known retailers: a signal when they share an identifier. */
    public Optional<FraudSignal> sharedIdentity(long referralId, Identity referrer, Identity referee, long atMs) {
        Map<String, String> shared = new LinkedHashMap<>();
        if (same(referrer.phone(), referee.phone())) shared.put("phone", referee.phone());
        if (same(referrer.address(), referee.address())) shared.put("address", referee.address());
        if (same(referrer.device(), referee.device())) shared.put("device", referee.device());
        for (String i : referee.instruments()) if (referrer.instruments().contains(i)) shared.put("instrument", i);
        if (shared.isEmpty()) return Optional.empty();
        List<FraudSignal.Evidence> evidence = new ArrayList<>();
        evidence.add(new FraudSignal.Evidence("referral", Long.toString(referralId),
                "retailer " + referrer.retailerId() + " referred retailer " + referee.retailerId()));
        shared.forEach((kind, value) -> evidence.add(new FraudSignal.Evidence("retailer", Long.toString(referee.retailerId()),
                "shares " + kind + " '" + value + "' with its referrer " + referrer.retailerId())));
        FraudSignal.Severity severity = shared.containsKey("instrument") || shared.size() >= 2 ? FraudSignal.Severity.HIGH : FraudSignal.Severity.MEDIUM;
        return Optional.of(new FraudSignal(NAME, thresholds.version(), severity, Math.min(1.0, 0.4 * shared.size()), "retailer",
                Long.toString(referrer.retailerId()), List.copyOf(evidence), atMs));
    }

    /**
     * One identifier (phone, address, device, instrument) found behind both sides of a referral. The job checks each
     * identifier where it is keyed, so evidence arrives one identifier at a time; the alert collects them.
     */
    public Optional<FraudSignal> sharedIdentifier(long referralId, long referrer, long referee, String kind, String value, long atMs) {
        FraudSignal.Severity severity = "instrument".equals(kind) || "device".equals(kind) ? FraudSignal.Severity.HIGH : FraudSignal.Severity.MEDIUM;
        return Optional.of(new FraudSignal(NAME, thresholds.version(), severity, "address".equals(kind) ? 0.6 : 0.9, "referral", Long.toString(referralId),
                List.of(new FraudSignal.Evidence("referral", Long.toString(referralId), "retailer " + referrer + " referred retailer " + referee),
                        new FraudSignal.Evidence("retailer", Long.toString(referee), "shares " + kind + " '" + value + "' with its referrer " + referrer)),
                atMs));
    }

    /** Adds a referral to the graph; a signal when it closes a ring no longer than the configured length. */
    public Optional<FraudSignal> ring(long referralId, long referrer, long referee, long atMs) {
        referred.computeIfAbsent(referrer, k -> new HashSet<>()).add(referee);
        List<Long> path = path(referee, referrer); // referee ... → referrer closes the ring
        if (path == null || path.size() > thresholds.maxRingLength()) return Optional.empty();
        List<FraudSignal.Evidence> evidence = new ArrayList<>();
        List<Long> ring = new ArrayList<>(path);
        ring.add(referee);
        for (int i = 0; i + 1 < ring.size(); i++) {
            evidence.add(new FraudSignal.Evidence("referral", i == ring.size() - 2 ? Long.toString(referralId) : "-",
                    "retailer " + ring.get(i) + " referred retailer " + ring.get(i + 1)));
        }
        String members = String.join(">", canonical(ring).stream().map(String::valueOf).toList());
        return Optional.of(new FraudSignal(NAME, thresholds.version(), FraudSignal.Severity.HIGH, 1.0, "referral-ring", members, List.copyOf(evidence), atMs));
    }

    /** The referee's qualifying order (its first, which earned the reward) cancelled or refunded soon after the reward was paid. */
    public Optional<FraudSignal> cancelAfterReward(long referralId, long referrer, long referee, long rewardPaidAtMs, long orderId, String what, long atMs) {
        if (atMs < rewardPaidAtMs || atMs - rewardPaidAtMs > thresholds.cancelAfterRewardMs()) return Optional.empty();
        return Optional.of(new FraudSignal(NAME, thresholds.version(), FraudSignal.Severity.MEDIUM, 0.7, "retailer", Long.toString(referee),
                List.of(new FraudSignal.Evidence("referral", Long.toString(referralId), "reward to retailer " + referrer + " paid at " + rewardPaidAtMs),
                        new FraudSignal.Evidence("order", Long.toString(orderId), what + " " + (atMs - rewardPaidAtMs) / 60_000 + " min after the reward")),
                atMs));
    }

    /** The ring rotated to start (and end) at its smallest member, so one ring has one name however it closed. */
    public static List<Long> canonical(List<Long> ring) {
        List<Long> open = ring.subList(0, ring.size() - 1);
        int start = open.indexOf(java.util.Collections.min(open));
        List<Long> out = new ArrayList<>(open.subList(start, open.size()));
        out.addAll(open.subList(0, start));
        out.add(out.get(0));
        return out;
    }

    /** A path from {@code from} to {@code to} along referrals, shortest first, or null. */
    private List<Long> path(long from, long to) {
        Map<Long, Long> parent = new HashMap<>();
        Deque<Long> queue = new ArrayDeque<>(List.of(from));
        parent.put(from, from);
        while (!queue.isEmpty()) {
            long at = queue.removeFirst();
            if (at == to) {
                List<Long> out = new ArrayList<>();
                for (long n = to; ; n = parent.get(n)) {
                    out.add(0, n);
                    if (n == from) break;
                }
                return out;
            }
            for (long next : referred.getOrDefault(at, Set.of())) {
                if (parent.putIfAbsent(next, at) == null) queue.addLast(next);
            }
        }
        return null;
    }

    private static boolean same(String a, String b) { return a != null && a.equals(b); }
}
