package com.wholesaleos.platform.launcher;

import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.platform.cli.Wos;
import com.wholesaleos.platform.devtools.DemoRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervision on a real platform whose live GMV stage cannot start (its heap is too small for a JVM): it
 * crash-loops, is marked failed and reported, while the capture keeps running. {@code wos status} is read the
 * way an operator would, from the CLI against the data directory.
 */
class SupervisionTest {
    private static Path dataDir;
    private static Platform platform;
    private static final StringBuilder launcherLog = new StringBuilder();

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("wos-supervision-");
        Map<String, String> o = new HashMap<>(DemoRun.isolated(dataDir));
        o.put(WosStages.LIVE_GMV.heap().key(), "1k"); // "Too small maximum heap": the JVM exits at once, every time
        o.put(WosSettings.RESTART_BACKOFF_INITIAL_MS.key(), "100");
        // A crash-looping stage and one whose configuration is wrong (no JDK for Trino there), beside healthy ones.
        o.put(WosSettings.STAGES_ENABLED.key(), "ingestion,live-gmv,risk-desk,trino");
        o.put(WosSettings.TRINO_JAVA_HOME.key(), "/nonexistent");
        o.put(WosSettings.CRASH_LOOP_CRASHES.key(), "3");
        o.put(WosSettings.CRASH_LOOP_WINDOW_MS.key(), "60000");
        platform = Platform.start(WosConfig.load(null, Map.of(), o), m -> {
            synchronized (launcherLog) {
                launcherLog.append(m).append('\n');
            }
        });
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
        if (dataDir != null) DemoRun.deleteRecursively(dataDir);
    }

    private static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }

    @Test
    void aCrashLoopingStageIsMarkedFailedWhileTheOthersKeepRunning() throws Exception {
        SupervisedStage gmv = platform.stage(WosStages.LIVE_GMV);
        SupervisedStage capture = platform.stage(WosStages.INGESTION);
        await(() -> gmv.state() == StageState.FAILED, "live-gmv marked failed");
        assertEquals(2, gmv.restarts(), "restarted twice, then the third crash within the window gave up");
        assertTrue(gmv.failure().contains("supervision.crash-loop-crashes=3"), gmv.failure());
        await(() -> capture.state() == StageState.RUNNING, "ingestion runs regardless");
        assertTrue(capture.process().isAlive());
        synchronized (launcherLog) {
            assertTrue(launcherLog.toString().contains("FAILED: live-gmv is crash-looping"), launcherLog.toString());
        }
        assertEquals(List.of(gmv), platform.awaitReady(List.of(WosStages.INGESTION, WosStages.LIVE_GMV)),
                "the failed stage is reported, the running one is not, and waiting does not stop either");
        var notReady = assertThrows(java.util.concurrent.TimeoutException.class, () -> platform.requireReady(List.of(WosStages.LIVE_GMV)));
        assertTrue(notReady.getMessage().contains("live-gmv (failed: crash loop"), notReady.getMessage());
        assertTrue(capture.process().isAlive(), "ingestion still runs");
    }

    @Test
    void aStageWhoseConfigurationIsWrongFailsAtOnceNamingTheKeyWhileTheOthersRunOn() throws Exception {
        SupervisedStage trino = platform.stage(WosStages.TRINO);
        await(() -> trino.state() == StageState.FAILED, "trino marked failed");
        assertEquals(0, trino.restarts(), "a configuration error is not restarted: restarting cannot fix it");
        assertTrue(trino.failure().contains("trino.java-home") && trino.failure().contains("/nonexistent"), trino.failure());
        await(() -> platform.stage(WosStages.INGESTION).state() == StageState.RUNNING, "ingestion runs regardless");
        assertTrue(platform.stage(WosStages.INGESTION).process().isAlive());
        assertTrue(platform.stage(WosStages.RISK_DESK).process().isAlive());
    }

    @Test
    void statusReportsEachStageAndThePlatformFromAnotherProcessView() throws Exception {
        await(() -> platform.stage(WosStages.LIVE_GMV).state() == StageState.FAILED && platform.stage(WosStages.TRINO).state() == StageState.FAILED
                && platform.stage(WosStages.INGESTION).state() == StageState.RUNNING, "stages settled");
        StringWriter out = new StringWriter();
        int code = Wos.commandLine().setOut(new PrintWriter(out)).execute("status", "--json", "--data-dir", dataDir.toString());
        assertEquals(1, code, "degraded: a stage failed\n" + out);
        JsonNode s = new ObjectMapper().readTree(out.toString());
        assertEquals(platform.postgres().pid(), s.get("postgres").get("pid").asLong());
        assertEquals(platform.config().jdbcUrl(), s.get("postgres").get("jdbc_url").asText());
        assertEquals(platform.config().kafkaBootstrap(), s.get("kafka").get("bootstrap").asText());
        Map<String, JsonNode> stages = new HashMap<>();
        s.get("stages").forEach(st -> stages.put(st.get("name").asText(), st));
        assertEquals("running", stages.get("ingestion").get("state").asText());
        assertEquals(platform.stage(WosStages.INGESTION).process().pid(), stages.get("ingestion").get("pid").asLong());
        assertEquals(0, stages.get("ingestion").get("restarts").asInt());
        assertEquals("failed", stages.get("live-gmv").get("state").asText());
        assertTrue(stages.get("live-gmv").get("pid").isNull());
        assertEquals(2, stages.get("live-gmv").get("restarts").asInt());
        assertEquals("failed", stages.get("trino").get("state").asText());
        assertTrue(stages.get("trino").get("failure").asText().contains("trino.java-home"), stages.get("trino").toString());
        assertFalse(stages.get("ingestion").get("late").asBoolean(), stages.get("ingestion").toString());
        assertTrue(s.get("replication_slot").get("lag_bytes").isNumber(), out.toString());
        assertTrue(s.get("dlq").get("count").isNumber(), out.toString());
        assertTrue(s.get("checkpoints").has("live-gmv"), out.toString());

        StringWriter text = new StringWriter();
        Wos.commandLine().setOut(new PrintWriter(text)).execute("status", "--data-dir", dataDir.toString());
        assertTrue(text.toString().contains("DEGRADED"), text.toString());
        assertTrue(text.toString().contains("crash loop"), text.toString());
    }

    @Test
    void schemaDriftTheCaptureCannotCarryIsAWarningWithWhatToDo() throws Exception {
        var health = new com.wholesaleos.observability.health.PlatformHealth(platform.config());
        assertEquals(java.util.List.of(), health.schemaDrift(), "the core schema as migrated is carried whole");
        try (var c = com.wholesaleos.marketplace.MarketplaceDatabase.from(platform.config()).connect(); var st = c.createStatement()) {
            st.execute("CREATE TABLE wishlists (retailer_id BIGINT, product_id BIGINT)"); // new, no contract, no primary key
            st.execute("CREATE TYPE dimensions AS (width NUMERIC, height NUMERIC)");
            st.execute("ALTER TABLE products ADD COLUMN box dimensions"); // a composite type the converter does not know
        }
        var warnings = String.join("\n", health.schemaDrift());
        assertTrue(warnings.contains("table wishlists is not captured"), warnings);
        assertTrue(warnings.contains("column products.box has type USER-DEFINED (dimensions) that the capture does not convert"), warnings);
        StringWriter text = new StringWriter();
        Wos.commandLine().setOut(new PrintWriter(text)).execute("status", "--data-dir", dataDir.toString());
        assertTrue(text.toString().contains("Warnings (2)"), text.toString());
    }

    @Test
    void statusWithoutARunningPlatformSaysSo(@TempDir Path empty) {
        StringWriter out = new StringWriter();
        assertEquals(3, Wos.commandLine().setOut(new PrintWriter(out)).execute("status", "--data-dir", empty.toString()));
        assertTrue(out.toString().contains("no platform running"), out.toString());
    }

    @Test
    void aPortInUseFailsFastNamingItsKey(@TempDir Path other) {
        Map<String, String> o = new HashMap<>(DemoRun.isolated(other));
        o.put(WosSettings.POSTGRES_PORT.key(), String.valueOf(platform.config().get(WosSettings.POSTGRES_PORT)));
        var e = assertThrows(ConfigException.class, () -> Platform.start(WosConfig.load(null, Map.of(), o), m -> {}).close());
        assertTrue(e.getMessage().contains("'postgres.port'") && e.getMessage().contains("already in use"), e.getMessage());

        Map<String, String> k = new HashMap<>(DemoRun.isolated(other));
        k.put(WosSettings.KAFKA_BOOTSTRAP.key(), platform.config().kafkaBootstrap());
        var ek = assertThrows(ConfigException.class, () -> Platform.start(WosConfig.load(null, Map.of(), k), m -> {}).close());
        assertTrue(ek.getMessage().contains("'kafka.bootstrap-servers'"), ek.getMessage());
    }
}
