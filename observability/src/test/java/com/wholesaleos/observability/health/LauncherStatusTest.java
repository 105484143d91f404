package com.wholesaleos.observability.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's status file: one type written and read back by Jackson, with the field names scripts read. */
class LauncherStatusTest {
    @TempDir
    Path dataDir;

    private static LauncherStatus status(long pid) {
        return new LauncherStatus(pid, "2026-12-07T10:00:00Z", "running",
                new LauncherStatus.Postgres(true, 4242L, "jdbc:postgresql://127.0.0.1:5432/marketplace", 1),
                new LauncherStatus.Kafka(true, "127.0.0.1:19092"),
                List.of(new LauncherStatus.Stage("ingestion", "long_running", "running", 11L, 0, "2026-12-07T10:00:01Z", null, null, false,
                                "/data/logs/ingestion.log", null),
                        new LauncherStatus.Stage("trino", "long_running", "failed", null, 0, "2026-12-07T10:00:02Z", 78,
                                "trino: Invalid value '/nonexistent' for configuration key 'trino.java-home'", false, "/data/logs/trino.log",
                                "http://127.0.0.1:8086")),
                null);
    }

    @Test
    void writtenAndReadBackAsTheSameStatus() throws Exception {
        LauncherStatus written = status(ProcessHandle.current().pid()).at("2026-12-07T10:05:00Z");
        PlatformStatus.write(dataDir, written);
        assertEquals(Optional.of(written), PlatformStatus.launcher(dataDir));
        assertFalse(Files.exists(dataDir.resolve(PlatformStatus.LAUNCHER_FILE + ".tmp")), "moved into place, not left half-written");
    }

    @Test
    void theFileCarriesTheFieldNamesScriptsRead() throws Exception {
        PlatformStatus.write(dataDir, status(1).at("2026-12-07T10:05:00Z"));
        JsonNode json = new ObjectMapper().readTree(dataDir.resolve(PlatformStatus.LAUNCHER_FILE).toFile());
        assertEquals(1, json.get("launcher_pid").asLong());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/marketplace", json.get("postgres").get("jdbc_url").asText());
        JsonNode trino = json.get("stages").get(1);
        assertEquals("failed", trino.get("state").asText());
        assertEquals(78, trino.get("last_exit_code").asInt());
        assertTrue(trino.get("failure").asText().contains("trino.java-home"));
        assertFalse(trino.get("late").asBoolean());
        assertEquals("2026-12-07T10:05:00Z", json.get("updated_at").asText());
    }

    @Test
    void aLauncherIsAliveOnlyWhileItsProcessRuns() throws Exception {
        assertTrue(PlatformStatus.alive(status(ProcessHandle.current().pid())));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertFalse(PlatformStatus.alive(status(gone.pid())));
        assertEquals(Optional.empty(), PlatformStatus.launcher(dataDir.resolve("nothing-here")));
    }
}
