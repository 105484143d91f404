package com.wholesaleos.recommend;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ReorderCadenceTest {
    static final long DAY = TimeDecay.DAY_MS;
    static final long T0 = 1_790_000_000_000L;

    static long[] every(int days, int times) {
        long[] t = new long[times];
        for (int i = 0; i < times; i++) t[i] = T0 + (long) i * days * DAY;
        return t;
    }

    @Test
    void theCadenceIsTheMedianGapAndTheScorePeaksWhenItHasPassed() {
        long[] t = every(10, 5); // last purchase at T0 + 40 days
        var due = ReorderCadence.due(t, t.length, 0, T0 + 50 * DAY).orElseThrow();
        assertEquals(10.0, due.cadenceDays(), 1e-9);
        var early = ReorderCadence.due(t, t.length, 0, T0 + 43 * DAY).orElseThrow();
        var late = ReorderCadence.due(t, t.length, 0, T0 + 58 * DAY).orElseThrow();
        var stopped = ReorderCadence.due(t, t.length, 0, T0 + 100 * DAY).orElseThrow();
        assertTrue(due.score() > early.score(), "due beats just bought");
        assertTrue(due.score() > late.score() && late.score() > early.score(), "a little overdue is still likely, more than just bought");
        assertTrue(stopped.score() < late.score(), "long overdue: it stopped buying it");
    }

    @Test
    void oneSkippedOrderDoesNotMoveTheCadence() {
        long[] t = {T0, T0 + 7 * DAY, T0 + 14 * DAY, T0 + 28 * DAY, T0 + 35 * DAY};
        assertEquals(7.0, ReorderCadence.due(t, t.length, 0, T0 + 42 * DAY).orElseThrow().cadenceDays(), 1e-9);
    }

    @Test
    void aProductInMoreOfItsOrdersScoresHigher() {
        var two = ReorderCadence.due(every(10, 2), 8, 0, T0 + 20 * DAY).orElseThrow();
        var eight = ReorderCadence.due(every(10, 8), 8, 0, T0 + 80 * DAY).orElseThrow();
        assertTrue(eight.score() > two.score());
    }

    @Test
    void aSinglePurchaseFallsBackOnTheRetailersOrderGapAndAFirstOrderCountsHalfway() {
        var first = ReorderCadence.due(new long[] {T0}, 1, 0, T0 + 10 * DAY).orElseThrow();
        assertEquals(0.7, first.score(), 1e-9, "its first order: no rhythm known, the product counts halfway between due and just bought");
        var once = ReorderCadence.due(new long[] {T0}, 4, 4 * DAY, T0 + 8 * DAY).orElseThrow();
        assertEquals(8.0, once.cadenceDays(), 1e-9);
        assertEquals(0.25, once.score(), 1e-9, "in one of its four orders, and due");
    }

    @Test
    void typicalGapIsTheMedian() {
        assertEquals(5 * DAY, ReorderCadence.typicalGap(new long[] {T0, T0 + 5 * DAY, T0 + 10 * DAY, T0 + 30 * DAY}));
        assertEquals(0, ReorderCadence.typicalGap(new long[] {T0}));
    }
}
