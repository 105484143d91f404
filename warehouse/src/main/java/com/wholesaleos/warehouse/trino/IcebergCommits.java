package com.wholesaleos.warehouse.trino;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Iceberg commits through Trino are optimistic: a writer that loses the race to another commit on the same table gets
 * {@code CommitFailedException} ("Failed to update table due to concurrent updates"), and nothing of its write is
 * visible. For an idempotent statement (CREATE OR REPLACE of a derived table) the right answer is to run it again.
 */
public final class IcebergCommits {
    /** Attempts in all; the backoff doubles from {@link #FIRST_BACKOFF_MS}, with jitter so two losers do not collide again. */
    static final int ATTEMPTS = 5;
    static final long FIRST_BACKOFF_MS = 500;

    private IcebergCommits() {}

    /** An idempotent Trino statement (or sequence) whose result is returned. */
    @FunctionalInterface
    public interface Idempotent<T> {
        T run() throws SQLException;
    }

    public static <T> T retrying(Idempotent<T> statement) throws SQLException, InterruptedException {
        return retrying(statement, FIRST_BACKOFF_MS);
    }

    static <T> T retrying(Idempotent<T> statement, long firstBackoffMs) throws SQLException, InterruptedException {
        long backoff = firstBackoffMs;
        for (int attempt = 1; ; attempt++) {
            try {
                return statement.run();
            } catch (SQLException e) {
                if (!lostCommitRace(e) || attempt >= ATTEMPTS) throw e;
                System.out.println("iceberg commit lost to a concurrent writer (attempt " + attempt + " of " + ATTEMPTS + "); retrying in ~" + backoff + " ms");
                Thread.sleep(backoff + java.util.concurrent.ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
                backoff *= 2;
            }
        }
    }

    /** Whether the failure is a lost optimistic commit (retryable), as opposed to a bad statement or a missing table. */
    static boolean lostCommitRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t.getClass().getSimpleName().equals("CommitFailedException") || m.contains("commitfailedexception")
                    || m.contains("concurrent update") || m.contains("failed to commit")) return true;
        }
        return false;
    }
}
