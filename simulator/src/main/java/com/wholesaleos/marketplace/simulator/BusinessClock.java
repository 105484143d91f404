package com.wholesaleos.marketplace.simulator;

import java.sql.Timestamp;

/**
 * When things happen in the marketplace. Normally the database's own now() (a null timestamp: the SQL falls back to
 * it). With fraud scenarios, a simulated clock that starts {@code SPAN_DAYS} ago (or after the latest business time
 * already recorded) and moves forward with each step, so
 * a run of minutes holds weeks of commerce: account ages, reorder cadences and trailing baselines mean something, and
 * a burst of failed payments within minutes is a burst in business time, not an artefact of a fast simulator.
 */
final class BusinessClock {
    static final long DAY_MS = 86_400_000L;
    /** How far back the simulated clock starts. */
    static final long SPAN_DAYS = 120;

    private Long nowMs;

    private BusinessClock(Long nowMs) { this.nowMs = nowMs; }

    static BusinessClock database() { return new BusinessClock(null); }

    /** A simulated clock, not yet started: {@link #startAfter} sets it once the database's latest business time is known. */
    static BusinessClock simulatedFromDatabase() { return new BusinessClock(0L); }

    /**
     * Starts the simulated clock {@code SPAN_DAYS} ago, or at the latest business time already in the database if that
     * is later: a second run continues the marketplace's history instead of travelling back in time.
     */
    void startAfter(java.sql.Timestamp latestInDatabase) {
        if (nowMs == null) return;
        long start = System.currentTimeMillis() - SPAN_DAYS * DAY_MS;
        if (latestInDatabase != null) start = Math.max(start, latestInDatabase.getTime() + 1_000);
        nowMs = start - start % 1000;
    }

    boolean simulated() { return nowMs != null; }

    /** The current business time, or null for the database's now(). */
    Timestamp ts() { return nowMs == null ? null : new Timestamp(nowMs); }

    /** Business time {@code ms} from now (null when the database keeps time). */
    Timestamp in(long ms) { return nowMs == null ? null : new Timestamp(nowMs + ms); }

    long nowMs() { return nowMs == null ? System.currentTimeMillis() : nowMs; }

    void advance(long ms) {
        if (nowMs != null) nowMs += ms;
    }
}
