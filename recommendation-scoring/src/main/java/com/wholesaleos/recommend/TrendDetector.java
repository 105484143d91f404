package com.wholesaleos.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trending products of one category and region: each product's orders per business day ({@link DailyCounts}); a
 * product trends when its daily rate in the recent window is well above its own rate in the baseline window before it
 * (add-one smoothed, so a new product with a burst of orders trends and one with none does not divide by zero), with a
 * minimum of orders. Lateness: the clock is the newest order's day; an order older than both windows counts nowhere
 * (and is dropped).
 *
 * <p>The rule is in the static methods, so a keyed step can keep each product's counts as an entry of its own (an order
 * then reads and writes one product's counts, not the whole category's); this class is the same rule over a map.
 */
public class TrendDetector {
    public HashMap<Long, DailyCounts> counts = new HashMap<>();
    public long latestDay = Long.MIN_VALUE;

    public TrendDetector() {}

    public record Windows(int windowDays, int baselineDays, int minOrders, double minLift) implements java.io.Serializable {}

    /** Adds (or with a negative delta withdraws) orders of a product on a business day; false if older than both windows. */
    public boolean add(long productId, long atMs, int delta, Windows w) {
        long day = day(atMs);
        if (day > latestDay) latestDay = day;
        if (tooOld(day, latestDay, w)) return false;
        DailyCounts c = counts.computeIfAbsent(productId, p -> new DailyCounts());
        c.add(day, delta, horizon(latestDay, w));
        if (c.isEmpty()) counts.remove(productId);
        return true;
    }

    /** Products trending now, by lift over their baseline, best first. */
    public List<Recommendation> trending(Windows w, long categoryId, int size) {
        List<Recommendation> candidates = new ArrayList<>();
        for (Map.Entry<Long, DailyCounts> e : counts.entrySet()) candidate(e.getKey(), e.getValue(), latestDay, w, categoryId).ifPresent(candidates::add);
        return best(candidates, w, size);
    }

    public static long day(long atMs) { return Math.floorDiv(atMs, TimeDecay.DAY_MS); }

    /** The newest day that no longer counts in either window. */
    public static long horizon(long latestDay, Windows w) { return latestDay - w.windowDays() - w.baselineDays(); }

    public static boolean tooOld(long day, long latestDay, Windows w) { return day <= horizon(latestDay, w); }

    /** The product as a trending candidate (its lift as the score, its counts as the detail), if it trends. */
    public static Optional<Recommendation> candidate(long productId, DailyCounts c, long latestDay, Windows w, long categoryId) {
        int[] rb = c.recentAndBaseline(latestDay, w);
        if (rb[0] < w.minOrders()) return Optional.empty();
        double lift = lift(rb[0], rb[1], w);
        if (lift < w.minLift()) return Optional.empty();
        return Optional.of(new Recommendation(productId, categoryId, CoPurchaseIndex.round(lift), Recommendation.TRENDING, rb[0] + "|" + rb[1]));
    }

    /** The best {@code size} candidates, best first, each with its detail written out. */
    public static List<Recommendation> best(List<Recommendation> candidates, Windows w, int size) {
        List<Recommendation> out = new ArrayList<>(candidates);
        out.sort(Recommendation.BEST_FIRST);
        List<Recommendation> kept = new ArrayList<>();
        for (Recommendation r : out.subList(0, Math.min(size, out.size()))) {
            String[] counts = r.detail().split("\\|");
            kept.add(new Recommendation(r.productId(), r.categoryId(), r.score(), r.reason(), String.format(
                    "%s orders in the last %d days, %.1f times its usual rate (%s in the %d days before)", counts[0], w.windowDays(), r.score(), counts[1],
                    w.baselineDays())));
        }
        return kept;
    }

    static double lift(int recent, int before, Windows w) {
        return (recent / (double) w.windowDays()) / ((before + 1) / (double) w.baselineDays());
    }
}
