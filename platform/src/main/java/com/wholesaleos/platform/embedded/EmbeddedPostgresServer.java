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

    public static EmbeddedPostgresServer start(Path dataDir, int port, String database) throws IOException, SQLException {
        Files.createDirectories(dataDir.getParent());
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

    public int port() { return postgres.getPort(); }

    @Override
    public void close() throws IOException { postgres.close(); }
}
