package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.observability.health.LauncherStatus;
import com.wholesaleos.observability.health.PlatformStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Health of the platform running on this data directory (run it from another terminal than wos up):",
                "per stage state, pid, restarts and uptime; PostgreSQL and Kafka; replication slot lag; consumer lag per job;",
                "checkpoint age per Flink job; live GMV freshness; dead letters.",
                "Exit code 0: every stage running; 1: degraded (a stage starting, restarting or failed); 3: no platform running."})
final class StatusCommand implements Callable<Integer> {
    static final int NOT_RUNNING = 3;

    @Mixin
    ConfigOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dataDir = options.load().dataDir();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        LauncherStatus launcher = PlatformStatus.launcher(dataDir).orElse(null);
        boolean alive = launcher != null && PlatformStatus.alive(launcher);
        if (!alive) {
            String why = launcher == null ? "no platform running on " + dataDir + " (start one with ./wos up)"
                    : "the platform on " + dataDir + " is not running (its launcher, pid " + launcher.launcherPid() + ", is gone; last status "
                    + launcher.updatedAt() + ")";
            if (json) out.println(mapper.writeValueAsString(Map.of("state", "not_running", "data_dir", dataDir.toString(), "message", why)));
            else out.println(why);
            out.flush();
            return NOT_RUNNING;
        }
        WosConfig config = WosConfig.ofRunningPlatform(dataDir, options.set).orElseThrow(
                () -> new IllegalStateException("the platform on " + dataDir + " has no " + WosConfig.RESOLVED_FILE));
        Map<String, Object> status = PlatformStatus.measure(launcher, config);
        List<Map<String, Object>> stages = (List<Map<String, Object>>) status.get("stages");
        boolean healthy = Boolean.TRUE.equals(status.get("healthy"));
        if (json) {
            out.println(mapper.writeValueAsString(status));
        } else {
            printText(out, status, stages);
        }
        out.flush();
        return healthy ? 0 : 1;
    }

    @SuppressWarnings("unchecked")
    private static void printText(PrintWriter out, Map<String, Object> s, List<Map<String, Object>> stages) {
        Map<String, Object> pg = (Map<String, Object>) s.get("postgres");
        Map<String, Object> kafka = (Map<String, Object>) s.get("kafka");
        out.printf("Wholesale OS Data Platform on %s: %s (launcher pid %s, since %s)%n", s.get("data_dir"),
                Boolean.TRUE.equals(s.get("healthy")) ? "healthy" : "DEGRADED", s.get("launcher_pid"), s.get("started_at"));
        out.printf("  PostgreSQL  %s  pid %s, restarts %s%n", pg.get("jdbc_url"), pg.get("pid") == null ? "(external)" : pg.get("pid"), pg.get("restarts"));
        out.printf("  Kafka       %s%n%n", kafka.get("bootstrap"));
        out.printf("  %-12s %-11s %-8s %-9s %-10s %s%n", "STAGE", "STATE", "PID", "RESTARTS", "UPTIME", "NOTE");
        for (Map<String, Object> st : stages) {
            Object up = st.get("uptime_s");
            String note = st.get("failure") != null ? String.valueOf(st.get("failure"))
                    : Boolean.TRUE.equals(st.get("late")) ? "late: not ready within its ready timeout (still supervised; see its log)"
                    : st.get("rest_url") != null ? String.valueOf(st.get("rest_url")) : "";
            out.printf("  %-12s %-11s %-8s %-9s %-10s %s%n", st.get("name"), st.get("state"), st.get("pid") == null ? "-" : st.get("pid"),
                    st.get("restarts"), up == null ? "-" : human(Duration.ofSeconds(((Number) up).longValue())), note);
        }
        out.println();
        Map<String, Object> slot = (Map<String, Object>) s.get("replication_slot");
        if (slot.containsKey("error")) out.printf("  Replication slot: %s%n", slot.get("error"));
        else if (!Boolean.TRUE.equals(slot.get("exists"))) out.printf("  Replication slot %s: not created yet%n", slot.get("name"));
        else out.printf("  Replication slot %s: %s, lag %s, WAL retained %s (%s)%n", slot.get("name"),
                    Boolean.TRUE.equals(slot.get("active")) ? "active" : "INACTIVE", bytes(slot.get("lag_bytes")),
                    bytes(slot.get("retained_wal_bytes")), slot.get("wal_status"));
        Map<String, Object> lag = (Map<String, Object>) s.get("consumer_lag");
        Map<String, Object> cps = (Map<String, Object>) s.get("checkpoints");
        for (String job : cps.keySet()) {
            if (job.equals("error")) continue;
            Map<String, Object> cp = (Map<String, Object>) cps.get(job);
            Object l = lag.get(job) instanceof Map<?, ?> m ? m.get("lag") : lag.get("error");
            Object age = cp.get("last_checkpoint_age_ms");
            out.printf("  Job %-10s consumer lag %s, last checkpoint %s (%s kept)%n", job, l == null ? "-" : l,
                    age == null ? "none yet" : String.format("%.1f s ago", ((Number) age).longValue() / 1000.0), cp.get("completed_kept"));
        }
        Map<String, Object> gmv = (Map<String, Object>) s.get("gmv");
        if (gmv.containsKey("error")) out.printf("  Live GMV: %s%n", gmv.get("error"));
        else out.printf("  Live GMV freshness: %s (newest commit in GMV %s, in the source %s)%n",
                    gmv.get("freshness_ms") == null ? "-" : gmv.get("freshness_ms") + " ms", gmv.get("last_commit_in_gmv"), gmv.get("last_commit_in_source"));
        Map<String, Object> dlq = (Map<String, Object>) s.get("dlq");
        if (dlq.containsKey("error")) {
            out.printf("  Dead letters: %s%n", dlq.get("error"));
        } else {
            out.printf("  Dead letters: %s%n", dlq.get("count"));
            for (Map<String, Object> d : (List<Map<String, Object>>) dlq.get("latest")) {
                out.printf("    %s %s: %s%n", d.get("failed_at"), d.get("stage"), d.get("reason"));
            }
        }
        Map<String, Object> warehouse = (Map<String, Object>) s.get("warehouse");
        if (warehouse.containsKey("error")) {
            out.printf("  Warehouse: %s%n", warehouse.get("error"));
        } else {
            for (var e : warehouse.entrySet()) {
                Map<String, Object> d = (Map<String, Object>) e.getValue();
                out.printf("  DAG %-22s %s%n", e.getKey(), d.isEmpty() ? "no run yet"
                        : d.get("state") + " (" + d.get("run_id") + (d.get("end_date") == null ? "" : ", ended " + d.get("end_date")) + ") " + d.get("tasks"));
            }
        }
        List<String> warnings = (List<String>) s.get("warnings");
        if (!warnings.isEmpty()) {
            out.printf("%n  Warnings (%d):%n", warnings.size());
            warnings.forEach(w -> out.printf("    - %s%n", w));
        }
    }

    private static String human(Duration d) {
        if (d.toHours() > 0) return d.toHours() + "h" + d.toMinutesPart() + "m";
        if (d.toMinutes() > 0) return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        return d.toSeconds() + "s";
    }

    private static String bytes(Object o) {
        if (!(o instanceof Number n)) return "-";
        double b = n.doubleValue();
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int i = 0;
        while (b >= 1024 && i < units.length - 1) {
            b /= 1024;
            i++;
        }
        return i == 0 ? String.format("%d B", n.longValue()) : String.format("%.1f %s", b, units[i]);
    }
}
