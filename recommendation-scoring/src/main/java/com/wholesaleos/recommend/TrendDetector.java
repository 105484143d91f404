package com.wholesaleos.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Trending products of one category and region: each product's orders per business day; a product trends when its
 * daily rate in the recent window is well above its own rate in the baseline window before it (add-one smoothed, so a
 * new product with a burst of orders trends and one with none does not divide by zero), with a minimum of orders.
 * Lateness: the clock is the newest order's day; an order older than both windows counts nowhere (and is dropped).
 */
public class TrendDetector {
    /** Product → business day (epoch day) → orders that day. */
    public HashMap<Long, HashMap<Long, Integer>> counts = new HashMap<>();
    public long latestDay = Long.MIN_VALUE;

    public TrendDetector() {}

    public record Windows(int windowDays, int baselineDays, int minOrders, double minLift) implements java.io.Serializable {}

    /** Adds (or with a negative delta withdraws) orders of a product on a business day; false if older than both windows. */
    public boolean add(long productId, long atMs, int delta, Windows w) {
        long day = Math.floorDiv(atMs, TimeDecay.DAY_MS);
        if (day > latestDay) latestDay = day;
        if (day <= latestDay - w.windowDays() - w.baselineDays()) return false;
        HashMap<Long, Integer> days = counts.computeIfAbsent(productId, p -> new HashMap<>());
        int n = days.getOrDefault(day, 0) + delta;
        if (n <= 0) days.remove(day); else days.put(day, n);
        prune(w);
        return true;
    }

    private void prune(Windows w) {
        long horizon = latestDay - w.windowDays() - w.baselineDays();
        for (Iterator<Map.Entry<Long, HashMap<Long, Integer>>> it = counts.entrySet().iterator(); it.hasNext(); ) {
            HashMap<Long, Integer> days = it.next().getValue();
            days.keySet().removeIf(d -> d <= horizon);
            if (days.isEmpty()) it.remove();
        }
    }

    /** Products trending now, by lift over their baseline, best first. */
    public List<Recommendation> trending(Windows w, long categoryId, int size) {
        List<Recommendation> out = new ArrayList<>();
        for (Map.Entry<Long, HashMap<Long, Integer>> e : counts.entrySet()) {
            int recent = 0;
            int before = 0;
            for (Map.Entry<Long, Integer> d : e.getValue().entrySet()) {
                long age = latestDay - d.getKey();
                if (age < w.windowDays()) recent += d.getValue();
                else if (age < w.windowDays() + w.baselineDays()) before += d.getValue();
            }
            if (recent < w.minOrders()) continue;
            double lift = lift(recent, before, w);
            if (lift < w.minLift()) continue;
            out.add(new Recommendation(e.getKey(), categoryId, CoPurchaseIndex.round(lift), Recommendation.TRENDING, recent + "|" + before));
        }
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
