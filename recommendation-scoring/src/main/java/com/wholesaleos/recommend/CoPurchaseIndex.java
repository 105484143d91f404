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
 *
 * <p>The rule is in the static methods, so a keyed step can keep each pair as an entry of its own (an update then reads
 * and writes the pairs it changes, not every product ever stocked with this one); this class is the same rule over maps.
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
        double noise = noise(decay, asOfMs);
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
        List<Map.Entry<Long, Pair>> pairs = new ArrayList<>();
        together.forEach((q, w) -> pairs.add(Map.entry(q, new Pair(w, categories.getOrDefault(q, 0L)))));
        return alsoBought(support, asOfMs, pairs, decay, minSupport, size);
    }

    /** One other product's decayed weight of "stocked together" with this one, and its category. A Flink POJO. */
    public static class Pair {
        public double together;
        public long categoryId;

        public Pair() {}

        public Pair(double together, long categoryId) {
            this.together = together;
            this.categoryId = categoryId;
        }
    }

    /** What retractions leave of a sum is rounding noise: below a millionth of a purchase made now, it is nothing. */
    public static double noise(TimeDecay decay, long asOfMs) { return decay.weightAt(asOfMs) * 1e-6; }

    /** The products most often stocked with one of the given support, best first, from its pairs. */
    public static List<Recommendation> alsoBought(double support, long asOfMs, Iterable<Map.Entry<Long, Pair>> pairs, TimeDecay decay, double minSupport,
                                                  int size) {
        List<Recommendation> out = new ArrayList<>();
        if (support <= 0) return out;
        double supportNow = supportNow(support, asOfMs, decay);
        List<Recommendation> ranked = new ArrayList<>();
        for (Map.Entry<Long, Pair> e : pairs) {
            double retailers = decay.valueAt(e.getValue().together, asOfMs);
            if (retailers + 1e-9 < minSupport) continue;
            ranked.add(new Recommendation(e.getKey(), e.getValue().categoryId, round(Math.min(1.0, e.getValue().together / support)),
                    Recommendation.ALSO_BOUGHT, null));
        }
        ranked.sort(Recommendation.BEST_FIRST);
        // The detail is written for the kept few only: formatting every candidate cost more than ranking them.
        for (Recommendation r : ranked.subList(0, Math.min(size, ranked.size()))) {
            out.add(new Recommendation(r.productId(), r.categoryId(), r.score(), r.reason(), detail(r.score(), supportNow)));
        }
        return out;
    }

    /** The support now (retailers stocking the product, decayed to its newest purchase): what each confidence is a share of. */
    public static double supportNow(double support, long asOfMs, TimeDecay decay) { return support <= 0 ? 0 : decay.valueAt(support, asOfMs); }

    /** An also-bought item's figures, for people. */
    public static String detail(double confidence, double supportNow) {
        return supportNow > 0 ? String.format("%.0f%% of the %.1f retailers stocking it also stock this (time-decayed)", 100 * confidence, supportNow)
                : String.format("%.0f%% of the retailers stocking it also stock this (time-decayed)", 100 * confidence);
    }

    /** Scores rounded to what matters, so sums added in another order (after a restart) give the same list. */
    static double round(double v) { return Math.round(v * 1e9) / 1e9; }
}
