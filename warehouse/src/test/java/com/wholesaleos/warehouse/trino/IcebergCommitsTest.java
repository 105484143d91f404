package com.wholesaleos.warehouse.trino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IcebergCommitsTest {
    /** What Trino's JDBC driver reports when another writer committed first. */
    private static SQLException lostRace() {
        return new SQLException("Query failed (#1): Failed to commit the transaction during insert: Failed to update table due to concurrent updates",
                new RuntimeException("org.apache.iceberg.exceptions.CommitFailedException: Failed to update table due to concurrent updates"));
    }

    @Test
    void aCommitLostToAConcurrentWriterIsRunAgainUntilItWins() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String result = IcebergCommits.retrying(() -> {
            if (attempts.incrementAndGet() < 3) throw lostRace();
            return "committed";
        }, 1);
        assertEquals("committed", result);
        assertEquals(3, attempts.get());
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        SQLException bad = new SQLException("line 1:8: Table 'iceberg.gold.nope' does not exist");
        SQLException thrown = assertThrows(SQLException.class, () -> IcebergCommits.retrying(() -> {
            attempts.incrementAndGet();
            throw bad;
        }, 1));
        assertSame(bad, thrown);
        assertEquals(1, attempts.get());
    }

    @Test
    void aWriterThatKeepsLosingGivesUpAfterItsAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(SQLException.class, () -> IcebergCommits.retrying(() -> {
            attempts.incrementAndGet();
            throw lostRace();
        }, 1));
        assertEquals(IcebergCommits.ATTEMPTS, attempts.get());
    }
}
