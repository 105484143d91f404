package com.wholesaleos.orchestration;

import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.orchestration.dag.DagRunState;
import com.wholesaleos.orchestration.dag.WarehouseDags;
import com.wholesaleos.orchestration.run.DagRun;
import com.wholesaleos.orchestration.run.RunHistory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler stage for real: Quartz fires warehouse_maintenance from its JDBC job store, the run's task is a real
 * Spark maintenance run in a JVM of its own; the scheduler killed (SIGKILL) and started again keeps its triggers (one
 * per DAG, not duplicated) and goes on firing.
 */
class WarehouseSchedulerTest {
    @TempDir Path dataDir;

    @Test
    void quartzFiresTheDagsFromItsJdbcStoreAcrossAKill() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            new MarketplaceDatabase(url, "postgres", "postgres").migrate();
            WosConfig config = WosConfig.defaults().with(Map.of("postgres.port", String.valueOf(postgres.getPort()), "postgres.database", "postgres",
                    "data-dir", dataDir.toString(), "warehouse.spark-master", "local[1]",
                    "scheduler.warehouse-maintenance.cron", "0/5 * * * * ?", "scheduler.warehouse-hourly.cron", "0 0 0 1 1 ? 2099",
                    "scheduler.heartbeat-timeout-ms", "3000"));
            Path configFile = dataDir.resolve("scheduler.properties");
            config.writeTo(configFile);
            RunHistory history = new RunHistory(url, "postgres", "postgres");

            Process first = start(configFile);
            try {
                await(() -> succeededRuns(history) >= 1, "a scheduled maintenance run succeeded", 180);
            } finally {
                first.destroyForcibly().waitFor();
            }
            assertEquals(List.of("warehouse_hourly|0 0 0 1 1 ? 2099", "warehouse_maintenance|0/5 * * * * ?"), triggers(url));
            long before = succeededRuns(history);

            Process second = start(configFile);
            try {
                await(() -> succeededRuns(history) > before, "the restarted scheduler fired again", 180);
            } finally {
                second.destroyForcibly().waitFor();
            }
            assertEquals(List.of("warehouse_hourly|0 0 0 1 1 ? 2099", "warehouse_maintenance|0/5 * * * * ?"), triggers(url),
                    "the stored triggers are reused, not duplicated");
            DagRun run = history.recent(Optional.of(WarehouseDags.MAINTENANCE), 50).stream()
                    .filter(r -> r.state() == DagRunState.SUCCESS).findFirst().orElseThrow();
            assertEquals(DagRun.RunType.SCHEDULED, run.runType());
            assertEquals(run.interval().start().plusSeconds(5), run.interval().end(), "the data interval is one schedule step");
            // (A run the kill interrupted shows an abandoned try, then the restarted scheduler's successful one.)
            var attempt = history.attempts(run.runId()).stream().filter(a -> a.state().equals("success")).findFirst().orElseThrow();
            String taskLog = Files.readString(Path.of(attempt.logFile()));
            assertTrue(taskLog.contains("maintenance: 0 tables maintained"), "the task was the maintenance run (an empty warehouse): " + attempt + "\n" + taskLog + "\nscheduler:\n" + tail());
        }
    }

    private Process start(Path configFile) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx256m", "-Dwos.home=" + System.getProperty("wos.home", ".."), "-cp", System.getProperty("java.class.path"),
                WarehouseScheduler.class.getName(), "--config", configFile.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("scheduler.log").toFile())).start();
    }

    private static long succeededRuns(RunHistory history) {
        try {
            return history.recent(Optional.of(WarehouseDags.MAINTENANCE), 100).stream().filter(r -> r.state() == DagRunState.SUCCESS).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> triggers(String url) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "postgres"); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT t.trigger_name, c.cron_expression FROM orchestration.qrtz_triggers t JOIN orchestration.qrtz_cron_triggers c "
                     + "USING (sched_name, trigger_name, trigger_group) WHERE sched_name = 'wos-warehouse' ORDER BY 1")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) out.add(rs.getString(1) + "|" + rs.getString(2));
            return out;
        }
    }

    private void await(BooleanSupplier condition, String what, int seconds) throws Exception {
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(250)).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            fail(what + " within " + seconds + " s; scheduler log:\n" + tail());
        }
    }

    private String tail() throws Exception {
        Path log = dataDir.resolve("scheduler.log");
        if (!Files.exists(log)) return "(none)";
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
