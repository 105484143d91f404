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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 17 started from Maven-provided binaries, with a durable data directory: logical WAL for
 * change capture, fsync and synchronous commit on (zonky turns both off), and commit timestamps tracked so
 * reference queries can date changes by commit time.
 *
 * <p>Stopping never waits for clients: after a short grace period a fast shutdown disconnects them (committed
 * work is on disk either way), and an immediate shutdown follows if even that hangs; the next start then runs
 * crash recovery from the WAL, as it does after the postmaster was killed.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public record Options(Path dataDir, int port, String database, long stopGraceMs, String maxSlotWalKeepSize) {}

    private final Options options;
    private final EmbeddedPostgres postgres;
    private final long pid;

    private EmbeddedPostgresServer(Options options, EmbeddedPostgres postgres, long pid) {
        this.options = options;
        this.postgres = postgres;
        this.pid = pid;
    }

    /** Callers hold the data-directory lock, so a postmaster still running here was left by a launcher that was killed. */
    public static EmbeddedPostgresServer start(Options o) throws IOException, SQLException {
        Files.createDirectories(o.dataDir().getParent());
        stopLeftover(o);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(o.port())
                .setDataDirectory(o.dataDir())
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(120)) // crash recovery replays WAL first
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "8")
                .setServerConfig("max_wal_senders", "8")
                .setServerConfig("max_slot_wal_keep_size", o.maxSlotWalKeepSize())
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("track_commit_timestamp", "on")
                .setServerConfig("max_connections", "100")
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + o.database().replace("'", "''") + "'")) {
                if (!rs.next()) s.execute("CREATE DATABASE \"" + o.database().replace("\"", "") + "\"");
            }
        }
        long pid = postmaster(o.dataDir()).map(ProcessHandle::pid).orElse(-1L);
        return new EmbeddedPostgresServer(o, pg, pid);
    }

    /** Stops a postmaster still running on this data directory (its launcher was killed); clients are disconnected after the grace period. */
    public static void stopLeftover(Options o) {
        postmaster(o.dataDir()).ifPresent(leftover -> {
            System.err.println("stopping PostgreSQL left running by an earlier launcher (pid " + leftover.pid() + ")");
            stop(leftover, o.stopGraceMs());
        });
    }

    /** The postmaster running on this data directory, from its lock file. */
    private static Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) return Optional.empty();
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            if (!first.matches("\\d+")) return Optional.empty();
            return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * SIGTERM (smart: lets clients finish) for the grace period, then SIGINT (fast: disconnects clients, checkpoints),
     * then SIGQUIT (immediate: the next start recovers from the WAL). Committed transactions survive all three.
     */
    private static void stop(ProcessHandle postmaster, long graceMs) {
        try {
            signal(postmaster, "TERM");
            if (waitFor(postmaster, graceMs)) return;
            signal(postmaster, "INT");
            if (waitFor(postmaster, 30_000)) return;
            signal(postmaster, "QUIT");
            if (waitFor(postmaster, 10_000)) return;
            postmaster.destroyForcibly();
            waitFor(postmaster, 10_000);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot signal PostgreSQL (pid " + postmaster.pid() + ")", e);
        }
    }

    private static void signal(ProcessHandle p, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitFor(ProcessHandle p, long ms) {
        try {
            p.onExit().get(ms, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (Exception e) {
            return !p.isAlive();
        }
    }

    public int port() { return postgres.getPort(); }
    public long pid() { return pid; }
    public boolean isAlive() { return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); }
    public Options options() { return options; }

    @Override
    public void close() throws IOException {
        ProcessHandle.of(pid).ifPresent(p -> stop(p, options.stopGraceMs()));
        postgres.close(); // releases zonky's lock; its own pg_ctl stop finds nothing left to stop
    }
}
