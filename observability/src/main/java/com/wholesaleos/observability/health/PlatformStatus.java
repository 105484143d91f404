package com.wholesaleos.observability.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.WosConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's status as {@code wos status} and the console's health page show it: the launcher's view of each stage
 * (written to {@value #LAUNCHER_FILE} by {@code wos up}) with uptimes, plus {@link PlatformHealth}'s figures.
 */
public final class PlatformStatus {
    /** Where the launcher writes what it supervises, in the data directory. */
    public static final String LAUNCHER_FILE = "launcher-status.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlatformStatus() {}

    /** The launcher's last status, if a launcher ever wrote one on this data directory. */
    public static Optional<LauncherStatus> launcher(Path dataDir) throws IOException {
        Path file = dataDir.resolve(LAUNCHER_FILE);
        if (!Files.exists(file)) return Optional.empty();
        return Optional.of(JSON.readValue(file.toFile(), LauncherStatus.class));
    }

    /** Writes the status atomically: a reader never sees half a file. */
    public static void write(Path dataDir, LauncherStatus status) throws IOException {
        Path file = dataDir.resolve(LAUNCHER_FILE);
        Path tmp = file.resolveSibling(LAUNCHER_FILE + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), status);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether the launcher that wrote this status still runs. */
    public static boolean alive(LauncherStatus launcher) {
        return launcher.launcherAlive();
    }

    /**
     * The launcher's status with each stage's uptime, every figure of {@link PlatformHealth} and {@code healthy} (every
     * stage running).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> measure(LauncherStatus launcher, WosConfig config) {
        // The typed status as the JSON document readers have read so far, with the measured figures beside it.
        Map<String, Object> status = JSON.convertValue(launcher, LinkedHashMap.class);
        status.put("data_dir", config.dataDir().toString());
        List<Map<String, Object>> stages = (List<Map<String, Object>>) status.get("stages");
        long now = System.currentTimeMillis();
        for (Map<String, Object> s : stages) {
            boolean up = "running".equals(s.get("state")) || "starting".equals(s.get("state"));
            s.put("uptime_s", up ? (now - Instant.parse((String) s.get("started_at")).toEpochMilli()) / 1000 : null);
        }
        status.putAll(new PlatformHealth(config).measure());
        status.put("healthy", launcher.stages().stream().allMatch(s -> "running".equals(s.state())));
        return status;
    }
}
