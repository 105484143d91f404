package com.wholesaleos.recommend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrendDetectorTest {
    static final long DAY = TimeDecay.DAY_MS;
    static final long T0 = 1_790_000_000_000L;
    static final TrendDetector.Windows W = new TrendDetector.Windows(7, 28, 3, 2.0);

    @Test
    void aBurstAboveItsOwnBaselineTrendsASteadySellerDoesNot() {
        TrendDetector d = new TrendDetector();
        for (int day = 0; day < 35; day++) d.add(1, T0 + day * DAY, 1, W);              // one a day, every day
        for (int day = 28; day < 35; day++) d.add(2, T0 + day * DAY, 3, W);             // new, three a day this week
        for (int day = 0; day < 28; day += 7) d.add(3, T0 + day * DAY, 1, W);           // weekly, then a burst
        for (int day = 30; day < 35; day++) d.add(3, T0 + day * DAY, 2, W);
        List<Recommendation> t = d.trending(W, 5, 10);
        assertEquals(List.of(2L, 3L), t.stream().map(Recommendation::productId).toList(), t.toString());
        assertTrue(t.get(0).score() > t.get(1).score());
        assertEquals(5L, t.get(0).categoryId());
    }

    @Test
    void tooFewOrdersDoNotTrendAndWithdrawnOrdersStopTrending() {
        TrendDetector d = new TrendDetector();
        d.add(1, T0, 2, W);
        assertTrue(d.trending(W, 5, 10).isEmpty(), "two orders are below the minimum of three");
        d.add(1, T0, 2, W);
        assertEquals(1, d.trending(W, 5, 10).size());
        d.add(1, T0, -2, W);
        assertTrue(d.trending(W, 5, 10).isEmpty());
    }

    @Test
    void ordersOlderThanBothWindowsCountNowhere() {
        TrendDetector d = new TrendDetector();
        d.add(1, T0 + 100 * DAY, 1, W);
        assertFalse(d.add(1, T0, 5, W));
        assertTrue(d.trending(W, 5, 10).isEmpty());
    }
}
