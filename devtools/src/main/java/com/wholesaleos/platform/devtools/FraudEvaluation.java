package com.wholesaleos.platform.devtools;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.topics.TopicReader;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.fraud.FraudAlert;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * The fraud rules measured against the simulator's labels, which the job never reads: per rule, an alert on a
 * labelled entity is a true positive, any other alert a false positive, a labelled entity without an alert a false
 * negative; and the detection latency of every alert published (commit of the change that raised it → on the topic).
 */
public final class FraudEvaluation {
    /** Every rule must reach this precision and recall. */
    public static final double BAR = 0.9;

    public record RuleResult(String rule, int truePositives, int falsePositives, int falseNegatives, List<String> missed, List<String> unexpected) {
        public double precision() { return truePositives + falsePositives == 0 ? (falseNegatives == 0 ? 1 : 0) : (double) truePositives / (truePositives + falsePositives); }
        public double recall() { return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives); }
        public boolean passes() { return precision() >= BAR && recall() >= BAR; }
    }

    /** @param evidence the latest evidence of every alert, by "rule|entity type|entity id", to explain an unexpected one */
    public record Result(List<RuleResult> rules, int alerts, int labels, long latencyP50Ms, long latencyP99Ms, Map<String, String> evidence,
                         List<Long> latencySamples) {
        public int latencies() { return latencySamples.size(); }

        public boolean passes() { return !rules.isEmpty() && rules.stream().allMatch(RuleResult::passes); }

        public com.fasterxml.jackson.databind.node.ObjectNode json() {
            var json = DemoJson.object();
            var byRule = json.putObject("rules");
            for (RuleResult r : rules) {
                var rule = byRule.putObject(r.rule());
                rule.put("tp", r.truePositives()).put("fp", r.falsePositives()).put("fn", r.falseNegatives())
                        .put("precision", DemoJson.round(r.precision(), 3)).put("recall", DemoJson.round(r.recall(), 3));
                r.missed().forEach(rule.putArray("missed")::add);
                r.unexpected().forEach(rule.putArray("unexpected")::add);
            }
            return json.put("alerts", alerts).put("labels", labels).put("latency_ms_p50", latencyP50Ms).put("latency_ms_p99", latencyP99Ms)
                    .put("pass", passes());
        }
    }

    private FraudEvaluation() {}


    /** The end offsets of the alert topic now: where a run that starts now begins. */
    public static Map<Integer, Long> alertTopicEnd(String bootstrap) { return TopicReader.endOffsets(bootstrap, PlatformTopic.FRAUD_ALERTS.topic()); }

    public static Result run(MarketplaceDatabase db, String bootstrap) throws Exception {
        return run(db, bootstrap, 0, Map.of());
    }

    /** Only labels after {@code labelIdAfter} and alerts published from {@code fromOffsets} (by partition; the beginning if absent). */
    public static Result run(MarketplaceDatabase db, String bootstrap, long labelIdAfter, Map<Integer, Long> fromOffsets) throws Exception {
        // Labels: rule -> "entity_type|entity_id"
        Map<String, Set<String>> labelled = new TreeMap<>();
        int labels = 0;
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT rule, entity_type, entity_id FROM simulation.fraud_labels WHERE fraud AND id > " + labelIdAfter)) {
            while (rs.next()) {
                labelled.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2) + "|" + rs.getString(3));
                labels++;
            }
        }
        Map<String, Set<String>> alerted = new TreeMap<>();
        Map<String, String> evidence = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        BinaryMessageDecoder<FraudAlert> decoder = FraudAlert.createDecoder(ReleasedSchemas.store());
        int[] alerts = {0};
        Set<String> seen = new HashSet<>();
        TopicReader.readToEnd(bootstrap, PlatformTopic.FRAUD_ALERTS.topic(), fromOffsets, r -> {
            FraudAlert a;
            try {
                a = decoder.decode(r.value());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (seen.add(a.getAlertId())) alerts[0]++;
            evidence.put(a.getAlertId(), a.getEvidence().stream().map(e -> e.getKind() + " " + e.getId() + ": " + e.getDetail()).toList().toString());
            alerted.computeIfAbsent(a.getRule(), k -> new TreeSet<>()).add(a.getEntityType() + "|" + a.getEntityId());
            if (a.getSourceCommitMs() > 0) latencies.add(r.timestamp() - a.getSourceCommitMs());
        });
        Set<String> rules = new TreeSet<>(labelled.keySet());
        rules.addAll(alerted.keySet());
        List<RuleResult> results = new ArrayList<>();
        for (String rule : rules) {
            Set<String> truth = labelled.getOrDefault(rule, Set.of());
            Set<String> found = alerted.getOrDefault(rule, Set.of());
            List<String> missed = truth.stream().filter(t -> !found.contains(t)).toList();
            List<String> unexpected = found.stream().filter(f -> !truth.contains(f)).toList();
            results.add(new RuleResult(rule, found.size() - unexpected.size(), unexpected.size(), missed.size(), missed, unexpected));
        }
        return new Result(results, alerts[0], labels, LiveGmvView.percentile(latencies, 50), LiveGmvView.percentile(latencies, 99), evidence, List.copyOf(latencies));
    }
}
