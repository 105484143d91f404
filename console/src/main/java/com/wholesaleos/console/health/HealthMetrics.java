package com.wholesaleos.console.health;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The health page's figures in Prometheus' text format, from the same status {@code wos status} prints
 * ({@link com.wholesaleos.observability.health.PlatformStatus}): one fresh registry per scrape, so a stage or job
 * that is gone leaves no stale series behind.
 */
public final class HealthMetrics {
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private HealthMetrics() {}

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> status) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        gauge(registry, "wos_platform_healthy", "1 when every stage of the platform is running.").set(Boolean.TRUE.equals(status.get("healthy")) ? 1 : 0);
        Gauge up = gauge(registry, "wos_stage_up", "1 when the stage is running (ready), else 0.", "stage");
        Gauge restarts = gauge(registry, "wos_stage_restarts", "Times the launcher restarted the stage since it started.", "stage");
        for (Map<String, Object> s : (List<Map<String, Object>>) status.getOrDefault("stages", List.of())) {
            String name = String.valueOf(s.get("name"));
            up.labelValues(name).set("running".equals(s.get("state")) ? 1 : 0);
            if (s.get("restarts") instanceof Number n) restarts.labelValues(name).set(n.doubleValue());
        }
        Map<String, Object> slot = map(status.get("replication_slot"));
        if (slot.get("lag_bytes") instanceof Number n) {
            gauge(registry, "wos_replication_slot_lag_bytes", "WAL bytes the change capture has not confirmed.").set(n.doubleValue());
        }
        if (slot.get("retained_wal_bytes") instanceof Number n) {
            gauge(registry, "wos_replication_slot_retained_wal_bytes", "WAL bytes PostgreSQL keeps for the replication slot.").set(n.doubleValue());
        }
        Gauge lag = gauge(registry, "wos_consumer_lag_records", "Change records a job has not consumed (its committed offsets to the topics' ends).", "job");
        map(status.get("consumer_lag")).forEach((job, v) -> {
            if (map(v).get("lag") instanceof Number n) lag.labelValues(job).set(n.doubleValue());
        });
        Gauge checkpoint = gauge(registry, "wos_checkpoint_age_seconds", "Age of the job's last completed checkpoint.", "job");
        map(status.get("checkpoints")).forEach((job, v) -> {
            if (map(v).get("last_checkpoint_age_ms") instanceof Number n) checkpoint.labelValues(job).set(n.doubleValue() / 1000);
        });
        if (map(status.get("gmv")).get("freshness_ms") instanceof Number n) {
            gauge(registry, "wos_gmv_freshness_seconds", "Newest commit in the source minus newest commit reflected in live GMV.").set(n.doubleValue() / 1000);
        }
        if (map(status.get("dlq")).get("count") instanceof Number n) {
            gauge(registry, "wos_dead_letters", "Records on the dead-letter topic.").set(n.doubleValue());
        }
        Gauge dagOk = gauge(registry, "wos_warehouse_dag_last_run_success", "1 when the DAG's latest run succeeded, 0 when it failed or runs.", "dag");
        Gauge dagEnd = gauge(registry, "wos_warehouse_dag_last_run_end_timestamp_seconds", "When the DAG's latest finished run ended.", "dag");
        map(status.get("warehouse")).forEach((dag, v) -> {
            Map<String, Object> run = map(v);
            if (run.get("state") == null) return;
            dagOk.labelValues(dag).set("success".equals(run.get("state")) ? 1 : 0);
            if (run.get("end_date") instanceof String end) dagEnd.labelValues(dag).set(Instant.parse(end).toEpochMilli() / 1000.0);
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Gauge gauge(PrometheusRegistry registry, String name, String help, String... labels) {
        Gauge.Builder b = Gauge.builder().name(name).help(help);
        if (labels.length > 0) b.labelNames(labels);
        return b.register(registry);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
