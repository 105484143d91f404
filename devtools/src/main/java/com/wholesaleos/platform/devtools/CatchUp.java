package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.observability.health.PlatformHealth;
import java.sql.Connection;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Waits until the platform has processed everything committed before the wait began, by conditions that become true on
 * an idle platform too: the capture has confirmed a WAL position taken at the start (a no-op change, committed after it,
 * carries the slot past it even when nothing else changes: WAL written by checkpoints, heartbeats or autovacuum holds no
 * change to confirm), then the job's consumer group has no lag on its topics (offsets are committed with each
 * checkpoint, which runs on an idle job too). A wait that stops making progress fails, naming where it stopped.
 */
public final class CatchUp {
    /** No position moved for this long: the stage is stuck, not slow (big phases take long, but they move). */
    static final long STALL_MS = 60_000;
    /** A bound on the whole wait, whatever moves. */
    static final long MAX_MS = 20 * 60_000;

    private CatchUp() {}

    /** The capture has published every change committed before this call. */
    public static void capture(WosConfig config, Consumer<String> progress) throws Exception {
        job(config, null, progress, () -> false);
    }

    /**
     * The capture has published, and {@code job} (null: the capture alone) consumed, every change committed before this call;
     * or {@code doneEarly} holds (a figure already equals its reference).
     */
    public static void job(WosConfig config, StageDeclaration job, Consumer<String> progress, BooleanSupplier doneEarly) throws Exception {
        job(config, job, progress, doneEarly, STALL_MS, MAX_MS);
    }

    /**
     * As {@link #job(WosConfig, StageDeclaration, Consumer, BooleanSupplier)}, with its own patience: a job draining a big
     * backlog commits its offsets only with each checkpoint, which may take minutes there.
     */
    public static void job(WosConfig config, StageDeclaration job, Consumer<String> progress, BooleanSupplier doneEarly, long stallMs, long maxMs)
            throws Exception {
        MarketplaceDatabase db = MarketplaceDatabase.from(config);
        String target = nudge(db);
        PlatformHealth health = job == null ? null : new PlatformHealth(config);
        String what = job == null ? "capture" : job.name();
        long started = System.currentTimeMillis();
        long lastMove = started;
        long bestCapture = Long.MAX_VALUE;
        long bestJob = Long.MAX_VALUE;
        while (true) {
            if (doneEarly.getAsBoolean()) return;
            long captureBehind = walBehind(db, config, target);
            // The job's lag counts only once the capture has published everything: until then it is not yet known.
            long jobLag = health == null ? 0 : captureBehind > 0 ? Long.MAX_VALUE : health.backlog(job).jobLagEvents();
            if (captureBehind <= 0 && jobLag == 0) return;
            long now = System.currentTimeMillis();
            if (captureBehind < bestCapture || jobLag < bestJob) {
                bestCapture = Math.min(bestCapture, captureBehind);
                bestJob = Math.min(bestJob, jobLag);
                lastMove = now;
            }
            String where = captureBehind > 0 ? String.format("capture %,d bytes of WAL short of %s", captureBehind, target)
                    : String.format("%s %,d change events behind", what, jobLag);
            // Decoding one large transaction (a month of bulk history) moves the slot not at all for a while: more patience there.
            long stall = captureBehind > 0 ? Math.max(5 * STALL_MS, stallMs) : stallMs;
            if (now - lastMove > stall || now - started > maxMs) {
                throw new IllegalStateException(what + " did not catch up: " + where + (now - lastMove > stall
                        ? ", nothing moved for " + stall / 1000 + " s" : " after " + maxMs / 60_000 + " minutes") + " (see ./wos status and the stage's log)");
            }
            progress.accept(what + " catching up: " + where);
            Thread.sleep(500);
        }
    }

    /** The server's WAL position now, then a no-op change committed after it, so the slot moves past it even on an idle database. */
    private static String nudge(MarketplaceDatabase db) throws Exception {
        try (Connection c = db.connect(); var st = c.createStatement()) {
            String target;
            try (var rs = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                target = rs.getString(1);
            }
            st.executeUpdate("UPDATE regions SET name = name WHERE id = (SELECT min(id) FROM regions)");
            return target;
        }
    }

    /** Bytes of WAL between the slot's confirmed position and the target; negative once past it. */
    private static long walBehind(MarketplaceDatabase db, WosConfig config, String target) throws Exception {
        try (Connection c = db.connect(); var ps = c.prepareStatement(
                "SELECT pg_wal_lsn_diff(?::pg_lsn, confirmed_flush_lsn) FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, target);
            ps.setString(2, config.get(WosSettings.CDC_SLOT));
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
            }
        }
    }
}
