package com.wholesaleos.recommend;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TimeDecayTest {
    static final long DAY = TimeDecay.DAY_MS;
    static final long T0 = 1_790_000_000_000L;

    @Test
    void aPurchaseOneHalfLifeAgoIsWorthHalfOneMadeNow() {
        TimeDecay d = new TimeDecay(30);
        assertEquals(0.5, d.valueAt(d.weightAt(T0), T0 + 30 * DAY), 1e-12);
        assertEquals(1.0, d.valueAt(d.weightAt(T0), T0), 1e-12);
    }

    @Test
    void sumsAreExactUnderRetraction() {
        TimeDecay d = new TimeDecay(30);
        double sum = d.weightAt(T0) + d.weightAt(T0 + 5 * DAY) - d.weightAt(T0);
        assertEquals(1.0, d.valueAt(sum, T0 + 5 * DAY), 1e-9);
    }

    @Test
    void halfLivesShorterThanTwoWeeksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TimeDecay(7));
    }
}
