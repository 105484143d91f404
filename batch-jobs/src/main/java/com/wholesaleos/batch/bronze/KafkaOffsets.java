package com.wholesaleos.batch.bronze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/** The next offset to read per partition of one topic: what a bronze snapshot loaded up to. */
public record KafkaOffsets(Map<Integer, Long> next) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public KafkaOffsets {
        next = Map.copyOf(new TreeMap<>(next));
    }

    public static KafkaOffsets none() { return new KafkaOffsets(Map.of()); }

    public static KafkaOffsets parse(String json) {
        try {
            Map<String, Long> raw = JSON.readValue(json, new TypeReference<Map<String, Long>>() {});
            Map<Integer, Long> next = new TreeMap<>();
            raw.forEach((p, o) -> next.put(Integer.parseInt(p), o));
            return new KafkaOffsets(next);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + BronzeTable.OFFSETS_PROPERTY + ": " + json, e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(new TreeMap<>(next));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the table holds: the offsets of the newest snapshot in its history that loaded from Kafka. Snapshots that
     * only rewrote files (compaction) carry them forward, but walking the ancestry does not rely on that.
     */
    public static KafkaOffsets committed(Table table) {
        Snapshot current = table.currentSnapshot();
        if (current == null) return none();
        for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
            String json = s.summary().get(BronzeTable.OFFSETS_PROPERTY);
            if (json != null) return parse(json);
        }
        return none();
    }

    /** Spark's Kafka source offsets for this topic; a partition never read starts at the earliest (-2). */
    public String sparkJson(String topic, Iterable<Integer> partitions) {
        Map<String, Long> offsets = new TreeMap<>();
        for (int p : partitions) offsets.put(Integer.toString(p), next.getOrDefault(p, -2L));
        try {
            return JSON.writeValueAsString(Map.of(topic, offsets));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records between these offsets and {@code end}. */
    public long countTo(KafkaOffsets end) {
        long n = 0;
        for (var e : end.next.entrySet()) n += e.getValue() - next.getOrDefault(e.getKey(), 0L);
        return n;
    }

    public Optional<Long> of(int partition) { return Optional.ofNullable(next.get(partition)); }
}
