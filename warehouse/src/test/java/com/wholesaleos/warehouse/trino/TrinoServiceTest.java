package com.wholesaleos.warehouse.trino;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.batch.RunArguments;
import com.wholesaleos.batch.WarehouseSession;
import com.wholesaleos.batch.maintenance.TableMaintenance;
import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.stage.WosStages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One real Trino 476 server for the class, started as the platform starts it (the trino stage's JVM, which runs Trino on
 * JDK 25), over a real PostgreSQL and a Spark session in this JVM writing the same Iceberg JDBC catalog. Trino reads what
 * Spark wrote, after Spark changes the schema and after Spark compacts; the marketplace catalog reads but cannot write; a
 * Trino left running by a SIGKILLed stage is stopped by the next start.
 * The failures a user meets first (no JDK 25, the port taken, a database that cannot be reached) each end the stage
 * with one message naming what to fix.
 */
class TrinoServiceTest {
    private static EmbeddedPostgres postgres;
    private static SparkSession spark;
    private static WosConfig config;
    private static Path configFile;
    private static Process stage;
    private static Path stageLog;
    private static ProcessHandle leftoverTrino;
    private static boolean leftoverAliveAfterKill;
    private static long trinoPid;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Path dataDir = Files.createTempDirectory("wos-trino-");
        config = WosConfig.defaults().with(Map.of("postgres.port", String.valueOf(postgres.getPort()), "postgres.database", "postgres",
                "data-dir", dataDir.toString(), "warehouse.spark-master", "local[1]", "warehouse.shuffle-partitions", "1",
                "stage.trino.http-port", String.valueOf(freePort())));
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE regions (id BIGINT PRIMARY KEY, code TEXT NOT NULL)");
            st.execute("INSERT INTO regions VALUES (1, 'north'), (2, 'south')");
        }
        spark = WarehouseSession.start(config, "trino-reads-spark");
        spark.sql("CREATE NAMESPACE IF NOT EXISTS wos.gold");
        spark.sql("CREATE TABLE wos.gold.sales (id BIGINT, amount DECIMAL(18, 2)) USING iceberg TBLPROPERTIES ('format-version'='2')");
        spark.sql("INSERT INTO wos.gold.sales VALUES (1, 10.25), (2, 20.50)");
        configFile = dataDir.resolve("resolved.properties");
        config.writeTo(configFile);
        // A first stage, SIGKILLed once Trino is up: its shutdown hook never runs, so its Trino is left running.
        startStage(dataDir.resolve("trino-stage-killed.log"));
        Path pidFile = dataDir.resolve("trino/trino.pid");
        leftoverTrino = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
        stage.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        leftoverAliveAfterKill = leftoverTrino.isAlive();
        // The stage the tests use: it must stop the leftover before its own Trino can have the port.
        startStage(dataDir.resolve("trino-stage.log"));
        trinoPid = Long.parseLong(Files.readString(pidFile).trim());
    }

    private static void startStage(Path log) throws Exception {
        stageLog = log;
        stage = new ProcessBuilder(StageLaunch.command(WosStages.TRINO, config, configFile)).redirectErrorStream(true).redirectOutput(stageLog.toFile()).start();
        awaitTrue(Duration.ofMinutes(4), () -> {
            if (!stage.isAlive()) fail("the trino stage exited " + stage.exitValue() + ":\n" + Files.readString(stageLog));
            return Files.readString(stageLog).contains("trino ready at");
        });
    }

    @Test
    void aTrinoLeftByAKilledStageIsStoppedByTheNextStart() throws Exception {
        assertTrue(leftoverAliveAfterKill, "SIGKILL of the stage leaves its Trino running");
        assertFalse(leftoverTrino.isAlive(), "the next start stopped it");
        assertNotEquals(leftoverTrino.pid(), trinoPid);
        assertTrue(Files.readString(stageLog).contains("stopping a Trino left running (pid " + leftoverTrino.pid() + ")"));
        assertEquals(List.of(List.of("2")), rows("SELECT count(*) FROM iceberg.gold.sales"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stage != null) {
            stage.destroy(); // SIGTERM: the stage stops its Trino first
            stage.waitFor(60, TimeUnit.SECONDS);
        }
        if (spark != null) spark.close();
        if (postgres != null) postgres.close();
    }

    @Test
    void trinoReadsWhatSparkWroteInTheSameCatalog() throws Exception {
        assertEquals(List.of(List.of("2", "30.75")), rows("SELECT count(*), sum(amount) FROM iceberg.gold.sales"));
        long sparkSnapshot = spark.sql("SELECT snapshot_id FROM wos.gold.sales.snapshots ORDER BY committed_at DESC LIMIT 1").first().getLong(0);
        assertEquals(String.valueOf(sparkSnapshot), rows("SELECT snapshot_id FROM iceberg.gold.\"sales$snapshots\" ORDER BY committed_at DESC LIMIT 1").get(0).get(0));
    }

    @Test
    void trinoReadsAColumnSparkAddedAndRowsWrittenBeforeIt() throws Exception {
        spark.sql("CREATE TABLE wos.gold.evolving (id BIGINT, amount DECIMAL(18, 2)) USING iceberg TBLPROPERTIES ('format-version'='2')");
        spark.sql("INSERT INTO wos.gold.evolving VALUES (1, 5.00)");
        assertEquals(List.of(List.of("1", "5.00")), rows("SELECT id, amount FROM iceberg.gold.evolving"));
        spark.sql("ALTER TABLE wos.gold.evolving ADD COLUMN channel STRING");
        spark.sql("INSERT INTO wos.gold.evolving VALUES (2, 7.00, 'app')");
        assertEquals(List.of(List.of("1", "5.00", "null"), List.of("2", "7.00", "app")),
                rows("SELECT id, amount, channel FROM iceberg.gold.evolving ORDER BY id"));
    }

    @Test
    void trinoReadsTheSameRowsAfterSparkCompactedTheTable() throws Exception {
        spark.sql("CREATE TABLE wos.gold.compacted (id BIGINT, amount DECIMAL(18, 2)) USING iceberg TBLPROPERTIES ('format-version'='2')");
        for (int i = 1; i <= 4; i++) spark.sql("INSERT INTO wos.gold.compacted VALUES (" + i + ", " + i + ".10)");
        spark.sql("DELETE FROM wos.gold.compacted WHERE id = 4");
        List<List<String>> before = rows("SELECT id, amount FROM iceberg.gold.compacted ORDER BY id");
        int filesBefore = Integer.parseInt(rows("SELECT count(*) FROM iceberg.gold.\"compacted$files\"").get(0).get(0));
        assertTrue(filesBefore >= 2, "small files before compaction: " + filesBefore);
        new TableMaintenance(spark, config, RunArguments.parse(new String[0], "warehouse-maintenance")).maintainAll();
        assertEquals(List.of(List.of("1", "1.10"), List.of("2", "2.10"), List.of("3", "3.10")), before);
        assertEquals(before, rows("SELECT id, amount FROM iceberg.gold.compacted ORDER BY id"));
        assertEquals(List.of(List.of("1")), rows("SELECT count(*) FROM iceberg.gold.\"compacted$files\""), "one data file after compaction");
    }

    @Test
    void theMarketplaceCatalogReadsTheLiveDatabaseButCannotWriteIt() throws Exception {
        assertEquals(List.of(List.of("1", "north"), List.of("2", "south")), rows("SELECT id, code FROM marketplace.public.regions ORDER BY id"));
        SQLException refused = assertThrows(SQLException.class, () -> rows("INSERT INTO marketplace.public.regions VALUES (3, 'east')"));
        assertTrue(refused.getMessage().contains("read-only") || refused.getMessage().contains("permission denied"), refused.getMessage());
        assertEquals(List.of(List.of("2")), rows("SELECT count(*) FROM marketplace.public.regions"));
    }

    @Test
    void withoutAJdk25TheStageSaysWhatToInstallAndExits() throws Exception {
        Path notAJdk = Files.createTempDirectory("not-a-jdk");
        Failure f = failedStage(Map.of("trino.java-home", notAJdk.toString()));
        assertTrue(f.output.contains("trino.java-home") && f.output.contains("JDK 25"), f.output);
    }

    @Test
    void aPortInUseIsNamedWithItsKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Failure f = failedStage(Map.of("stage.trino.http-port", String.valueOf(taken.getLocalPort())));
            assertTrue(f.output.contains("Port " + taken.getLocalPort() + " (stage.trino.http-port) is in use"), f.output);
        }
    }

    @Test
    void aCatalogThatCannotConnectIsNamed() throws Exception {
        int closed = freePort();
        Failure f = failedStage(Map.of("postgres.port", String.valueOf(closed)));
        assertTrue(f.output.contains("Catalog marketplace") && f.output.contains("postgres.port"), f.output);
    }

    private record Failure(int exitCode, String output) {}

    /** The stage with one setting changed, in a data directory of its own: it must exit non-zero with one line saying why. */
    private static Failure failedStage(Map<String, String> overrides) throws Exception {
        Path dir = Files.createTempDirectory("wos-trino-failing-");
        Map<String, String> o = new java.util.HashMap<>(Map.of("data-dir", dir.toString(), "stage.trino.http-port", String.valueOf(freePort())));
        o.putAll(overrides);
        WosConfig bad = config.with(o);
        Path file = dir.resolve("resolved.properties");
        bad.writeTo(file);
        Process p = new ProcessBuilder(StageLaunch.command(WosStages.TRINO, bad, file)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertNotEquals(0, p.exitValue(), output);
        assertTrue(output.lines().anyMatch(l -> l.startsWith("trino: ")), "one line saying why: " + output);
        return new Failure(p.exitValue(), output);
    }

    private static List<List<String>> rows(String sql) throws SQLException {
        try (Connection c = TrinoEndpoint.connect(config); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<List<String>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
                }
                out.add(row);
            }
            return out;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    interface Check { boolean ok() throws Exception; }

    private static void awaitTrue(Duration timeout, Check check) throws Exception {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(check::ok);
        } catch (ConditionTimeoutException e) {
            fail("not within " + timeout + ":\n" + Files.readString(stageLog));
        }
    }
}
