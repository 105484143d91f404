package com.wholesaleos.platform.devtools;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.platform.topics.TopicReader;
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

        public String json() {
            StringBuilder s = new StringBuilder("{\"rules\":{");
            for (int i = 0; i < rules.size(); i++) {
                RuleResult r = rules.get(i);
                s.append(i == 0 ? "" : ",").append(String.format("\"%s\":{\"tp\":%d,\"fp\":%d,\"fn\":%d,\"precision\":%.3f,\"recall\":%.3f,"
                                + "\"missed\":%s,\"unexpected\":%s}", r.rule(), r.truePositives(), r.falsePositives(), r.falseNegatives(), r.precision(),
                        r.recall(), quoted(r.missed()), quoted(r.unexpected())));
            }
            return s.append(String.format("},\"alerts\":%d,\"labels\":%d,\"latency_ms_p50\":%d,\"latency_ms_p99\":%d,\"pass\":%b}",
                    alerts, labels, latencyP50Ms, latencyP99Ms, passes())).toString();
        }
    }

    private FraudEvaluation() {}

    private static String quoted(List<String> items) {
        return items.stream().map(i -> "\"" + i.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

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
