package com.wholesaleos.recommend;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DailyCountsTest {
    static final TrendDetector.Windows W = new TrendDetector.Windows(7, 28, 3, 2.0);

    @Test
    void daysStayInOrderWithdrawnOrdersLeaveAndPassedDaysAreDropped() {
        DailyCounts c = new DailyCounts();
        c.add(100, 2, 0);
        c.add(98, 1, 0);
        c.add(103, 4, 0);
        assertArrayEquals(new long[] {98, 100, 103}, c.days);
        assertArrayEquals(new int[] {1, 2, 4}, c.counts);
        c.add(100, -2, 0);
        assertArrayEquals(new long[] {98, 103}, c.days, "a day whose orders were all withdrawn is gone");
        c.add(101, -1, 0);
        assertArrayEquals(new long[] {98, 103}, c.days, "withdrawing from a day without orders changes nothing");
        c.add(104, 1, 98);
        assertArrayEquals(new long[] {103, 104}, c.days, "days at or before the horizon are dropped");
        assertArrayEquals(new int[] {4, 1}, c.counts);
    }

    @Test
    void recentAndBaselineWindowsCountFromTheNewestDay() {
        DailyCounts c = new DailyCounts();
        for (long day = 0; day < 40; day++) c.add(day, 1, -1);
        int[] rb = c.recentAndBaseline(39, W);
        assertEquals(7, rb[0], "days 33-39");
        assertEquals(28, rb[1], "days 5-32");
        c.prune(TrendDetector.horizon(39, W));
        assertEquals(35, c.days.length, "days 5-39 are within both windows");
    }
}
