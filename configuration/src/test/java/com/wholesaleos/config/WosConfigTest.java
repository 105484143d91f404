package com.wholesaleos.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WosConfigTest {
    @Test
    void defaultsAreValid() {
        WosConfig c = WosConfig.load(null, Map.of(), Map.of());
        assertEquals(54329, c.get(WosSettings.POSTGRES_PORT));
        assertEquals("jdbc:postgresql://127.0.0.1:54329/marketplace", c.jdbcUrl());
    }

    @Test
    void environmentOverridesFileAndOverridesWin(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("wos.properties");
        Files.writeString(f, "postgres.port=6000\nkafka.bootstrap-servers=broker:9092\n");
        WosConfig c = WosConfig.load(f, Map.of("WOS_POSTGRES_PORT", "6001"), Map.of());
        assertEquals(6001, c.get(WosSettings.POSTGRES_PORT));
        assertEquals("broker:9092", c.kafkaBootstrap());
        assertEquals(6002, WosConfig.load(f, Map.of("WOS_POSTGRES_PORT", "6001"), Map.of("postgres.port", "6002"))
                .get(WosSettings.POSTGRES_PORT));
    }

    @Test
    void badValueFailsNamingTheKeyAndItsOrigin() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> WosConfig.load(null, Map.of("WOS_POSTGRES_PORT", "seventy"), Map.of()));
        assertTrue(e.getMessage().contains("'postgres.port'"), e.getMessage());
        assertTrue(e.getMessage().contains("WOS_POSTGRES_PORT"), e.getMessage());
    }

    @Test
    void aStageHeapThatIsNotASizeFailsAtStartNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> WosConfig.load(null, Map.of(), Map.of("stage.live-gmv.heap", "lots")));
        assertTrue(e.getMessage().contains("'stage.live-gmv.heap'"), e.getMessage());
        assertEquals("2g", WosConfig.load(null, Map.of(), Map.of("stage.live-gmv.heap", "2g")).get(
                com.wholesaleos.config.stage.WosStages.LIVE_GMV.heap()));
    }

    @Test
    void eachStageHasItsOwnReadyTimeoutFallingBackToTheSupervisionDefault() {
        WosConfig defaults = WosConfig.load(null, Map.of(), Map.of());
        assertEquals(480_000, com.wholesaleos.config.stage.WosStages.TRINO.readyTimeoutMs(defaults), "Trino declares a longer start");
        assertEquals(defaults.get(WosSettings.READY_TIMEOUT_MS), com.wholesaleos.config.stage.WosStages.LIVE_GMV.readyTimeoutMs(defaults));
        WosConfig set = WosConfig.load(null, Map.of(), Map.of("stage.live-gmv.ready-timeout-ms", "5000"));
        assertEquals(5_000, com.wholesaleos.config.stage.WosStages.LIVE_GMV.readyTimeoutMs(set));
    }

    @Test
    void stageListsAreValidatedToo() {
        assertEquals(java.util.List.of("ingestion"), WosConfig.load(null, Map.of("WOS_STAGES_ENABLED", "ingestion"), Map.of())
                .get(WosSettings.STAGES_ENABLED));
        ConfigException e = assertThrows(ConfigException.class, () -> WosConfig.load(null, Map.of(), Map.of("stages.enabled", "ingestion,spark")));
        assertTrue(e.getMessage().contains("'stages.enabled'"), e.getMessage());
    }

    @Test
    void unknownKeyInFileFailsNamingIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("wos.properties");
        Files.writeString(f, "kafka.bootstrap.servers=oops:1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> WosConfig.load(f, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("'kafka.bootstrap.servers'"), e.getMessage());
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) {
        WosConfig c = WosConfig.load(null, Map.of(), Map.of("kafka.bootstrap-servers", "127.0.0.1:1234"));
        Path f = dir.resolve("resolved.properties");
        c.writeTo(f);
        assertEquals("127.0.0.1:1234", WosConfig.load(f, Map.of(), Map.of()).kafkaBootstrap());
    }
}
