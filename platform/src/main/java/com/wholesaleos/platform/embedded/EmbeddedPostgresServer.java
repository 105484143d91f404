package com.wholesaleos.platform.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL 17 started from Maven-provided binaries, with a durable data directory: logical WAL for
 * change capture, fsync and synchronous commit on (zonky turns both off), and commit timestamps tracked so
 * reference queries can date changes by commit time.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) { this.postgres = postgres; }

    /** Callers hold the data-directory lock, so a postmaster still running here was left by a launcher that was killed. */
    public static EmbeddedPostgresServer start(Path dataDir, int port, String database) throws IOException, SQLException {
        Files.createDirectories(dataDir.getParent());
        stopLeftover(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "8")
                .setServerConfig("max_wal_senders", "8")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("track_commit_timestamp", "on")
                .setServerConfig("max_connections", "100")
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (!rs.next()) s.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
            }
        }
        return new EmbeddedPostgresServer(pg);
    }

    private static void stopLeftover(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        if (!first.matches("\\d+")) return;
        var leftover = ProcessHandle.of(Long.parseLong(first))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (leftover.isEmpty()) return;
        System.err.println("stopping PostgreSQL left running by an earlier launcher (pid " + first + ")");
        leftover.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown
        try {
            leftover.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL left running on " + dataDir + " (pid " + first + ") did not stop", e);
        }
    }

    public int port() { return postgres.getPort(); }

    @Override
    public void close() throws IOException { postgres.close(); }
}
