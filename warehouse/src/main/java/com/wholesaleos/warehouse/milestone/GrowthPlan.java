package com.wholesaleos.warehouse.milestone;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The growth plan as data: its metrics (how each is measured), its phases' targets, and the rollout criteria of a region,
 * versioned in this module's resources (milestones/*.csv) and loaded into the warehouse by {@link MilestoneViews}.
 */
public record GrowthPlan(List<Metric> metrics, List<Target> targets, List<RolloutCriterion> criteria, String version) {

    public enum Kind { cumulative, level }

    /** A metric of the plan; {@code measured=false}: the platform has no source for it yet (shown as such, never as met). */
    public record Metric(String metric, int position, String label, String unit, Kind kind, boolean measured, String definition) {}

    public record Target(String phase, @JsonProperty("phase_order") int phaseOrder, int months, String metric, BigDecimal target) {}

    public record RolloutCriterion(String criterion, String label, BigDecimal threshold) {}

    static final List<String> FILES = List.of("metrics.csv", "targets.csv", "rollout-criteria.csv");
    static final Set<String> CRITERIA = Set.of("repeat_order_rate", "active_distributors");

    public GrowthPlan {
        metrics = List.copyOf(metrics);
        targets = List.copyOf(targets);
        criteria = List.copyOf(criteria);
        validate(metrics, targets, criteria);
    }

    public static GrowthPlan load() {
        Map<String, byte[]> files = new HashMap<>();
        for (String f : FILES) files.put(f, resource(f));
        return new GrowthPlan(read(files.get("metrics.csv"), Metric.class), read(files.get("targets.csv"), Target.class),
                read(files.get("rollout-criteria.csv"), RolloutCriterion.class), digest(files));
    }

    private static void validate(List<Metric> metrics, List<Target> targets, List<RolloutCriterion> criteria) {
        Map<String, Metric> byName = metrics.stream().collect(Collectors.toMap(Metric::metric, m -> m));
        if (byName.size() != metrics.size()) throw new IllegalArgumentException("growth plan: a metric is declared twice");
        Map<String, Integer> phaseMonths = new HashMap<>();
        Map<String, Integer> phaseOrder = new HashMap<>();
        for (Target t : targets) {
            if (!byName.containsKey(t.metric())) throw new IllegalArgumentException("growth plan: target of " + t.phase() + " names unknown metric " + t.metric());
            if (t.target().signum() <= 0) throw new IllegalArgumentException("growth plan: target of " + t.phase() + " " + t.metric() + " must be positive");
            if (!phaseMonths.computeIfAbsent(t.phase(), k -> t.months()).equals(t.months())
                    || !phaseOrder.computeIfAbsent(t.phase(), k -> t.phaseOrder()).equals(t.phaseOrder())) {
                throw new IllegalArgumentException("growth plan: phase " + t.phase() + " has more than one months or order value");
            }
            if (byName.get(t.metric()).unit().equals("ratio") && t.target().compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("growth plan: " + t.phase() + " " + t.metric() + " is a ratio: its target must be at most 1");
            }
        }
        List<String> byOrder = phaseOrder.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
        for (int i = 1; i < byOrder.size(); i++) {
            if (phaseMonths.get(byOrder.get(i)) <= phaseMonths.get(byOrder.get(i - 1))) {
                throw new IllegalArgumentException("growth plan: phase " + byOrder.get(i) + " must end after " + byOrder.get(i - 1));
            }
        }
        Set<String> named = criteria.stream().map(RolloutCriterion::criterion).collect(Collectors.toSet());
        if (!named.equals(CRITERIA)) throw new IllegalArgumentException("growth plan: rollout criteria must be exactly " + CRITERIA + ", found " + named);
    }

    public Metric metric(String name) {
        return metrics.stream().filter(m -> m.metric().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException("no metric " + name));
    }

    private static <T> List<T> read(byte[] csv, Class<T> type) {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withComments();
        try (MappingIterator<T> it = mapper.readerFor(type).with(schema).readValues(csv)) {
            return it.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("growth plan: cannot read " + type.getSimpleName(), e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = GrowthPlan.class.getResourceAsStream("/milestones/" + name)) {
            if (in == null) throw new IllegalStateException("growth plan: resource milestones/" + name + " missing");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }

    private static String digest(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String f : FILES) {
                sha.update(f.getBytes(StandardCharsets.UTF_8));
                sha.update(files.get(f));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
