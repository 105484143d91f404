package com.wholesaleos.recommend;

import java.util.Arrays;

/**
 * One product's orders per business day within the trend windows, as two parallel arrays in day order (a Flink POJO of
 * primitive arrays: compact, and no generic serializer). Days at or before the horizon are dropped as they pass.
 */
public class DailyCounts {
    /** Epoch days, ascending. */
    public long[] days = new long[0];
    /** Orders on each of {@link #days}, each > 0. */
    public int[] counts = new int[0];

    public DailyCounts() {}

    /** Adds (or with a negative delta withdraws) orders on a day, and drops the days at or before {@code horizon}. */
    public void add(long day, int delta, long horizon) {
        int i = Arrays.binarySearch(days, day);
        if (i >= 0) {
            counts[i] += delta;
        } else if (delta > 0) {
            int at = -i - 1;
            days = insert(days, at, day);
            int[] c = new int[counts.length + 1];
            System.arraycopy(counts, 0, c, 0, at);
            c[at] = delta;
            System.arraycopy(counts, at, c, at + 1, counts.length - at);
            counts = c;
        }
        prune(horizon);
    }

    /** Drops days at or before the horizon, and days whose orders were all withdrawn. */
    public void prune(long horizon) {
        int kept = 0;
        for (int i = 0; i < days.length; i++) if (days[i] > horizon && counts[i] > 0) kept++;
        if (kept == days.length) return;
        long[] d = new long[kept];
        int[] c = new int[kept];
        int j = 0;
        for (int i = 0; i < days.length; i++) {
            if (days[i] > horizon && counts[i] > 0) {
                d[j] = days[i];
                c[j++] = counts[i];
            }
        }
        days = d;
        counts = c;
    }

    public boolean isEmpty() { return days.length == 0; }

    /** Orders in the recent window and in the baseline window before it, as of the newest day seen. */
    public int[] recentAndBaseline(long latestDay, TrendDetector.Windows w) {
        int recent = 0;
        int before = 0;
        for (int i = 0; i < days.length; i++) {
            long age = latestDay - days[i];
            if (age < w.windowDays()) recent += counts[i];
            else if (age < w.windowDays() + w.baselineDays()) before += counts[i];
        }
        return new int[] {recent, before};
    }

    private static long[] insert(long[] a, int at, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }
}
