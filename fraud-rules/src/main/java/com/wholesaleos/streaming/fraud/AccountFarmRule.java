package com.wholesaleos.streaming.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Account farm: many young accounts behind one address, device or payment instrument. Established accounts sharing
 * one (a franchise chain on one site, a shared warehouse) are how legitimate businesses look, so only accounts younger
 * than {@code youngDays} count; the threshold for addresses is higher than for devices and instruments, which honest
 * retailers rarely share. One instance holds one attribute value's retailers.
 */
public final class AccountFarmRule {
    public static final String NAME = "account-farm";
    private static final long DAY_MS = 86_400_000L;

    /** Thresholds, from WosSettings; a change of them is a new version. */
    public record Thresholds(int version, int sharedDeviceOrInstrument, int sharedAddress, int youngDays) implements java.io.Serializable {
        public static Thresholds from(com.wholesaleos.config.WosConfig c, int version) {
            return new Thresholds(version, c.get(com.wholesaleos.config.WosSettings.FRAUD_FARM_SHARED_DEVICE),
                    c.get(com.wholesaleos.config.WosSettings.FRAUD_FARM_SHARED_ADDRESS), c.get(com.wholesaleos.config.WosSettings.FRAUD_FARM_YOUNG_DAYS));
        }
    }

    /** Established accounts behind an address that make it a known shared site. */
    static final int ESTABLISHED_AT_SHARED_SITE = 2;

    private Thresholds thresholds;

    /** Judges from now on with these thresholds (a new rule version), keeping what it remembers. */
    public void use(Thresholds next) { this.thresholds = next; }
    /** retailer id → its sign-up time. */
    private final Map<Long, Long> retailers = new TreeMap<>();

    public AccountFarmRule(Thresholds thresholds) { this.thresholds = thresholds; }

    /** Whether established accounts (older than the young window) already operate behind this value. */
    public boolean knownSharedSite(long nowMs) {
        return retailers.values().stream().filter(signup -> signup < nowMs - thresholds.youngDays() * DAY_MS).count() >= ESTABLISHED_AT_SHARED_SITE;
    }

    /**
     * A retailer seen behind this attribute value (at sign-up, or on an order); a signal when enough young accounts share it.
     * @param kind address, device or instrument
     */
    public Optional<FraudSignal> onRetailer(String kind, String value, long retailerId, long signupAtMs, long atMs) {
        retailers.put(retailerId, signupAtMs);
        // Young as of the newest sign-up behind the value: a farm is many accounts opened close together; a chain
        // opening stores on one site over years never has many young at once.
        long now = Math.max(atMs, retailers.values().stream().mapToLong(Long::longValue).max().orElse(atMs));
        List<Long> young = new ArrayList<>();
        for (var e : retailers.entrySet()) if (e.getValue() >= now - thresholds.youngDays() * DAY_MS) young.add(e.getKey());
        int threshold = "address".equals(kind) ? thresholds.sharedAddress() : thresholds.sharedDeviceOrInstrument();
        // A known shared site (established businesses already there: a warehouse, a franchise's premises) takes more.
        if ("address".equals(kind) && knownSharedSite(now)) threshold *= 2;
        if (young.size() < threshold) return Optional.empty();
        List<FraudSignal.Evidence> evidence = new ArrayList<>();
        for (long id : young) {
            evidence.add(new FraudSignal.Evidence("retailer", Long.toString(id), "signed up " + java.time.Instant.ofEpochMilli(retailers.get(id))
                    + ", shares " + kind + " '" + value + "'"));
        }
        double score = Math.min(1.0, 0.5 * young.size() / threshold);
        FraudSignal.Severity severity = young.size() >= 2 * threshold ? FraudSignal.Severity.HIGH : FraudSignal.Severity.MEDIUM;
        return Optional.of(new FraudSignal(NAME, thresholds.version(), severity, score, kind, value, List.copyOf(evidence), atMs));
    }
}
