package com.wholesaleos.observability.health;

import com.wholesaleos.topics.TopicReader;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.dlq.DeadLetter;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The live figures of a platform's health, measured from outside its processes (what {@code wos status} adds to
 * the launcher's view): replication slot lag and retained WAL, consumer lag per job, checkpoint age per Flink
 * job, live GMV freshness, dead letters. Each part reports its own error instead of failing the whole.
 */
public final class PlatformHealth {
    private static final int LATEST_DEAD_LETTERS = 5;
    private final WosConfig config;

    public PlatformHealth(WosConfig config) { this.config = config; }

    public Map<String, Object> measure() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("replication_slot", guarded(this::replicationSlot));
        out.put("consumer_lag", guarded(this::consumerLag));
        out.put("checkpoints", guarded(this::checkpoints));
        out.put("gmv", guarded(this::gmvFreshness));
        out.put("dlq", guarded(this::deadLetters));
        out.put("warehouse", guarded(this::warehouseRuns));
        try {
            out.put("warnings", schemaDrift());
        } catch (Exception e) {
            out.put("warnings", List.of("cannot check the source schema: " + e.getMessage()));
        }
        return out;
    }

    private interface Part { Map<String, Object> get() throws Exception; }

    /** Per warehouse DAG, its latest run: state, logical date, end, and each task's state. */
    private Map<String, Object> warehouseRuns() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        var history = com.wholesaleos.orchestration.WarehouseScheduler.history(config);
        for (var dag : com.wholesaleos.orchestration.dag.WarehouseDags.all(config)) {
            Map<String, Object> d = new LinkedHashMap<>();
            var runs = history.recent(java.util.Optional.of(dag.dagId()), 1);
            if (!runs.isEmpty()) {
                var r = runs.get(0);
                d.put("run_id", r.runId());
                d.put("state", r.state().dbName());
                d.put("logical_date", r.logicalDate().toString());
                d.put("end_date", r.endDate() == null ? null : r.endDate().toString());
                Map<String, Object> tasks = new LinkedHashMap<>();
                history.taskInstances(r.runId()).forEach((k, v) -> tasks.put(k, v.state().dbName()));
                d.put("tasks", tasks);
            }
            m.put(dag.dagId(), d);
        }
        return m;
    }

    private static Map<String, Object> guarded(Part part) {
        try {
            return part.get();
        } catch (Exception e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return m;
        }
    }

    /** How far the pipeline is behind now: bytes of WAL the capture has not confirmed, change events the job has not consumed. */
    public record Backlog(long captureLagBytes, long jobLagEvents) {
        public boolean caughtUp(long slackBytes) { return captureLagBytes <= slackBytes && jobLagEvents == 0; }
    }

    public Backlog backlog(StageDeclaration job) throws Exception {
        Map<String, Object> slot = replicationSlot();
        long capture = slot.get("lag_bytes") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
        Object jobLag = consumerLag().get(job.name()) instanceof Map<?, ?> m ? m.get("lag") : null;
        return new Backlog(capture, jobLag instanceof Number n ? n.longValue() : Long.MAX_VALUE);
    }

    private Map<String, Object> replicationSlot() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        String slot = config.get(WosSettings.CDC_SLOT);
        m.put("name", slot);
        try (Connection c = MarketplaceDatabase.from(config).connect();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn),
                            pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), wal_status, safe_wal_size
                     FROM pg_replication_slots WHERE slot_name = ?""")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    m.put("exists", false);
                    return m;
                }
                m.put("exists", true);
                m.put("active", rs.getBoolean(1));
                m.put("lag_bytes", rs.getLong(2));
                m.put("retained_wal_bytes", rs.getLong(3));
                m.put("wal_status", rs.getString(4));
                long safe = rs.getLong(5);
                m.put("safe_wal_size_bytes", rs.wasNull() ? null : safe);
            }
        }
        return m;
    }

    /** Column types the converter maps to a contract; anything else in a captured table is not carried. */
    private static final java.util.Set<String> KNOWN_TYPES = java.util.Set.of("bigint", "integer", "smallint", "numeric", "text",
            "character varying", "character", "boolean", "timestamp with time zone", "timestamp without time zone", "date", "bytea");

    /**
     * What the capture silently cannot carry, said plainly with what to do: tables without a contract (not captured),
     * captured tables without a primary key, columns the contracts do not name, columns of types the converter does not know.
     */
    public List<String> schemaDrift() throws Exception {
        List<String> warnings = new ArrayList<>();
        java.util.Map<String, com.wholesaleos.schemas.ChangeTopic> captured = new java.util.HashMap<>();
        for (var t : com.wholesaleos.schemas.ChangeTopic.values()) captured.put(t.table(), t);
        try (Connection c = MarketplaceDatabase.from(config).connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("""
                    SELECT t.table_name, EXISTS (SELECT 1 FROM information_schema.table_constraints k
                           WHERE k.table_schema = t.table_schema AND k.table_name = t.table_name AND k.constraint_type = 'PRIMARY KEY')
                    FROM information_schema.tables t
                    WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name <> 'flyway_schema_history'
                    ORDER BY 1""")) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    if (!captured.containsKey(table)) {
                        warnings.add("table " + table + " is not captured: it has no contract. Add its Avro contract and topic declaration (schemas/) to capture it.");
                    } else if (!rs.getBoolean(2)) {
                        warnings.add("table " + table + " has no primary key: its changes cannot be keyed and are dead-lettered. Add a primary key.");
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns
                    WHERE table_schema = 'public' ORDER BY table_name, ordinal_position""")) {
                while (rs.next()) {
                    var topic = captured.get(rs.getString(1));
                    if (topic == null) continue;
                    String column = rs.getString(2);
                    String type = rs.getString(3);
                    boolean inContract = topic.rowSchema().getField(column) != null
                            || topic.rowSchema().getFields().stream().anyMatch(f -> f.aliases().contains(column));
                    if (!KNOWN_TYPES.contains(type)) {
                        warnings.add("column " + rs.getString(1) + "." + column + " has type " + type + " (" + rs.getString(4)
                                + ") that the capture does not convert" + (inContract ? ": its changes are dead-lettered" : ": it is not carried")
                                + ". Change its type or extend the converter and the contract.");
                    } else if (!inContract) {
                        warnings.add("column " + rs.getString(1) + "." + column + " is not in the " + topic.table()
                                + " contract: it is not carried. Add it in a new contract version (or map a renamed column with ingestion.column-aliases).");
                    }
                }
            }
        }
        return warnings;
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(p);
    }

    /** Per job reading the topics: messages between its committed offsets and the topics' ends. */
    private Map<String, Object> consumerLag() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        try (Admin admin = admin()) {
            for (StageDeclaration s : WosStages.ALL) {
                if (!s.isFlinkJob()) continue;
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(s.consumerGroup())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                long lag = 0;
                Map<String, Long> partitions = new java.util.TreeMap<>();
                for (var e : committed.entrySet()) {
                    if (e.getValue() == null) continue;
                    long l = Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    partitions.put(e.getKey().toString(), l);
                    lag += l;
                }
                Map<String, Object> job = new LinkedHashMap<>();
                job.put("group", s.consumerGroup());
                job.put("lag", committed.isEmpty() ? null : lag);
                job.put("partitions", partitions);
                m.put(s.name(), job);
            }
        }
        return m;
    }

    private Map<String, Object> checkpoints() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (StageDeclaration s : WosStages.ALL) {
            if (!s.isFlinkJob()) continue;
            Path root = s.checkpointRoot(config.dataDir());
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("root", root.toString());
            List<Path> completed = CheckpointFiles.completed(root);
            Long newest = completed.isEmpty() ? null : CheckpointFiles.modified(completed.get(0));
            int count = completed.size();
            job.put("completed_kept", count);
            job.put("last_checkpoint_age_ms", newest == null ? null : System.currentTimeMillis() - newest);
            m.put(s.name(), job);
        }
        return m;
    }

    /** Newest commit reflected by live GMV against the newest commit in the source (an upper bound: not every commit changes GMV). */
    private Map<String, Object> gmvFreshness() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        long newestLive = -1;
        try (LiveGmvView view = new LiveGmvView(config.kafkaBootstrap())) {
            view.catchUp();
            for (var d : view.dayTotals().values()) newestLive = Math.max(newestLive, d.getLastCommitTimeMs());
        }
        Timestamp newestSource = null;
        try (Connection c = MarketplaceDatabase.from(config).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT timestamp FROM pg_last_committed_xact()")) {
            if (rs.next()) newestSource = rs.getTimestamp(1);
        }
        m.put("last_commit_in_gmv", newestLive < 0 ? null : Instant.ofEpochMilli(newestLive).toString());
        m.put("last_commit_in_source", newestSource == null ? null : newestSource.toInstant().toString());
        m.put("freshness_ms", newestLive < 0 || newestSource == null ? null : Math.max(0, newestSource.getTime() - newestLive));
        return m;
    }

    private Map<String, Object> deadLetters() {
        Map<String, Object> m = new LinkedHashMap<>();
        BinaryMessageDecoder<DeadLetter> decoder = DeadLetter.createDecoder(ReleasedSchemas.store());
        String topic = PlatformTopic.DEAD_LETTER.topic();
        m.put("count", TopicReader.size(config.kafkaBootstrap(), topic));
        List<DeadLetter> latest = new ArrayList<>();
        TopicReader.readLatest(config.kafkaBootstrap(), topic, LATEST_DEAD_LETTERS, Duration.ofSeconds(10), r -> {
            try {
                latest.add(decoder.decode(r.value()));
            } catch (IOException | RuntimeException e) {
                // an undecodable dead letter still counts
            }
        });
        latest.sort((a, b) -> Long.compare(b.getFailedAtMs(), a.getFailedAtMs()));
        List<Map<String, Object>> reasons = new ArrayList<>();
        for (DeadLetter d : latest.subList(0, Math.min(LATEST_DEAD_LETTERS, latest.size()))) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("stage", d.getStage());
            r.put("reason", d.getReason());
            r.put("failed_at", Instant.ofEpochMilli(d.getFailedAtMs()).toString());
            reasons.add(r);
        }
        m.put("latest", reasons);
        return m;
    }
}
