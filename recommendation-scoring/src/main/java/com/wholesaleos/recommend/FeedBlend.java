package com.wholesaleos.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * A retailer's feed: three sources, each scored 0-1, weighted, and each product shown once for its strongest reason.
 * <ul>
 *   <li>buy again: products it bought before, by how often and whether due by its next expected order ({@link ReorderCadence});</li>
 *   <li>also stocked by retailers like it: products it never bought, by the mean confidence of "also bought" over its
 *       products, each of its products weighted by how recently it bought it;</li>
 *   <li>trending in its region, in the categories it buys (lift over baseline, 10× and more scores 1).</li>
 * </ul>
 * Unavailable products (delisted, or their manufacturer suspended) never appear.
 */
public final class FeedBlend {
    public record Weights(double buyAgain, double alsoStocked, double trending) implements java.io.Serializable {
        /** Parses {@code buy-again=W,also-stocked=W,trending=W}. */
        public static Weights parse(String text) {
            Map<String, Double> w = new HashMap<>();
            for (String part : text.split(",")) {
                String[] kv = part.trim().split("=", 2);
                w.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
            }
            return new Weights(w.getOrDefault(Recommendation.BUY_AGAIN, 1.0), w.getOrDefault(Recommendation.ALSO_STOCKED, 0.6),
                    w.getOrDefault(Recommendation.TRENDING, 0.4));
        }
    }

    private FeedBlend() {}

    /**
     * @param history      the retailer's purchases
     * @param alsoBought   product → its also-bought list (as published)
     * @param trending     the trend lists of the retailer's region, by category
     * @param available    whether a product may be recommended
     * @param nowMs        business time the feed is for
     */
    public static List<Recommendation> feed(PurchaseHistory history, Map<Long, List<Recommendation>> alsoBought, Map<Long, List<Recommendation>> trending,
                                            LongPredicate available, Weights weights, TimeDecay decay, long nowMs, int size) {
        Map<Long, Recommendation> best = new HashMap<>();
        // Details are written for the products kept only: formatting every candidate's cost more than ranking them.
        Map<Long, java.util.function.Supplier<String>> details = new HashMap<>();
        if (history.suspended) return List.of();
        long gap = ReorderCadence.typicalGap(history.orderTimesArray());
        long judgeAt = Math.max(nowMs, history.lastOrderMs() + gap);
        Map<Long, Long> last = history.lastPurchases();
        for (Long p : last.keySet()) {
            if (!available.test(p)) continue;
            ReorderCadence.due(history.purchaseTimes(p), history.orderTimes.size(), gap, judgeAt).ifPresent(d -> offer(best, details,
                    new Recommendation(p, history.categories.getOrDefault(p, 0L), weights.buyAgain() * d.score(), Recommendation.BUY_AGAIN, null), d::detail));
        }
        // Also stocked: mean confidence over its products, the recently bought ones counting most.
        Map<Long, Double> stocked = new HashMap<>();
        Map<Long, Long> categoryOf = new HashMap<>();
        Map<Long, Long> because = new HashMap<>();
        Map<Long, Double> strongest = new HashMap<>();
        double totalWeight = 0;
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            double w = decay.valueAt(decay.weightAt(e.getValue()), nowMs);
            totalWeight += w;
            for (Recommendation r : alsoBought.getOrDefault(e.getKey(), List.of())) {
                if (last.containsKey(r.productId())) continue;
                stocked.merge(r.productId(), w * r.score(), Double::sum);
                categoryOf.put(r.productId(), r.categoryId());
                if (r.score() > strongest.getOrDefault(r.productId(), -1.0)) {
                    strongest.put(r.productId(), r.score());
                    because.put(r.productId(), e.getKey());
                }
            }
        }
        for (Map.Entry<Long, Double> e : stocked.entrySet()) {
            if (!available.test(e.getKey()) || totalWeight <= 0) continue;
            double score = Math.min(1.0, e.getValue() / totalWeight);
            long product = e.getKey();
            offer(best, details, new Recommendation(product, categoryOf.get(product), weights.alsoStocked() * score, Recommendation.ALSO_STOCKED, null),
                    () -> String.format("stocked by retailers who stock what it stocks (%.0f%% of those stocking product %d)",
                            100 * strongest.get(product), because.get(product)));
        }
        for (Long category : new java.util.TreeSet<>(history.categories.values())) {
            for (Recommendation r : trending.getOrDefault(category, List.of())) {
                if (!available.test(r.productId())) continue;
                double score = Math.min(1.0, Math.log10(Math.max(r.score(), 1.0)));
                offer(best, details, new Recommendation(r.productId(), r.categoryId(), weights.trending() * score, Recommendation.TRENDING, null), r::detail);
            }
        }
        List<Recommendation> out = new ArrayList<>(best.values());
        out.replaceAll(r -> new Recommendation(r.productId(), r.categoryId(), CoPurchaseIndex.round(r.score()), r.reason(), null));
        out.sort(Recommendation.BEST_FIRST);
        List<Recommendation> kept = new ArrayList<>();
        for (Recommendation r : out.subList(0, Math.min(size, out.size()))) {
            kept.add(new Recommendation(r.productId(), r.categoryId(), r.score(), r.reason(), details.get(r.productId()).get()));
        }
        return kept;
    }

    private static void offer(Map<Long, Recommendation> best, Map<Long, java.util.function.Supplier<String>> details, Recommendation r,
                              java.util.function.Supplier<String> detail) {
        if (r.score() <= 0) return;
        Recommendation held = best.get(r.productId());
        if (held != null && held.score() >= r.score()) return;
        best.put(r.productId(), r);
        details.put(r.productId(), detail);
    }
}
