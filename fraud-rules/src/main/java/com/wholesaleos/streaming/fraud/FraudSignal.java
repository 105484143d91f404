package com.wholesaleos.streaming.fraud;

import java.util.List;

/**
 * What a rule concluded about one entity: the alert to raise, or to update with new evidence (one open alert per
 * entity and rule). Score is 0 to 1, how strongly the evidence matches the pattern.
 */
public record FraudSignal(String rule, int ruleVersion, Severity severity, double score, String entityType, String entityId,
                          List<Evidence> evidence, long eventTimeMs) {
    public enum Severity { LOW, MEDIUM, HIGH }

    /** One fact behind a signal: what it is, its id, and the value that triggered the rule, in words. */
    public record Evidence(String kind, String id, String detail) {}

    public String alertId() { return rule + "|" + entityType + "|" + entityId; }
}
