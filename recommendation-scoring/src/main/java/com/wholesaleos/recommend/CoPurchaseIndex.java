package com.wholesaleos.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One product's co-purchase figures: its support (retailers stocking it, time-decayed) and how often each other product
 * is stocked by the same retailers. "Also bought" ranks the others by confidence, the share of this product's retailers
 * who also stock the other (co-occurrence / support, a ratio of decayed sums, so it needs no clock), among those stocked
 * together by at least the minimum support of retailers at the newest purchase's time.
 */
public class CoPurchaseIndex {
    public double support;
    public HashMap<Long, Double> together = new HashMap<>();
    public HashMap<Long, Long> categories = new HashMap<>();
    public long categoryId;
    public long asOfMs;

    public CoPurchaseIndex() {}

    public void apply(CoPurchaseUpdate u, TimeDecay decay) {
        categoryId = u.categoryId != 0 ? u.categoryId : categoryId;
        asOfMs = Math.max(asOfMs, u.atMs);
        support += u.supportDelta;
        u.categories.forEach((q, c) -> { if (c != 0) categories.put(q, c); });
        // What retractions leave of a sum is rounding noise: below a millionth of a purchase made now, it is nothing.
        double noise = decay.weightAt(asOfMs) * 1e-6;
        u.pairDeltas.forEach((q, d) -> {
            double v = together.getOrDefault(q, 0.0) + d;
            if (v < noise) {
                together.remove(q);
                categories.remove(q);
            } else {
                together.put(q, v);
            }
        });
        if (support < noise) support = 0;
    }

    /** The products most often stocked with this one, best first. */
    public List<Recommendation> alsoBought(TimeDecay decay, double minSupport, int size) {
        List<Recommendation> out = new ArrayList<>();
        if (support <= 0) return out;
        double supportNow = decay.valueAt(support, asOfMs);
        List<Recommendation> ranked = new ArrayList<>();
        for (Map.Entry<Long, Double> e : together.entrySet()) {
            double retailers = decay.valueAt(e.getValue(), asOfMs);
            if (retailers + 1e-9 < minSupport) continue;
            ranked.add(new Recommendation(e.getKey(), 0, round(Math.min(1.0, e.getValue() / support)), Recommendation.ALSO_BOUGHT, null));
        }
        ranked.sort(Recommendation.BEST_FIRST);
        // The detail is written for the kept few only: formatting every candidate cost more than ranking them.
        for (Recommendation r : ranked.subList(0, Math.min(size, ranked.size()))) {
            out.add(new Recommendation(r.productId(), categories.getOrDefault(r.productId(), 0L), r.score(), r.reason(),
                    String.format("%.0f%% of the %.1f retailers stocking it also stock this (time-decayed)", 100 * r.score(), supportNow)));
        }
        return out;
    }

    /** Scores rounded to what matters, so sums added in another order (after a restart) give the same list. */
    static double round(double v) { return Math.round(v * 1e9) / 1e9; }
}
