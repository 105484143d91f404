package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.feedapi.store.FeedLists;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.recommend.Recommendation;
import com.wholesaleos.topics.TopicReader;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.reco.RetailerProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * Offline evaluation of the feeds, next-basket style: the feeds served at the split (before any held-out order was
 * committed) against each retailer's next order after it, compared with two baselines computed by SQL on the same
 * split: global popularity (products in the most training orders) and personal top (the retailer's own most-ordered
 * products). Retailers without a training order (cold start) or without a held-out order are left out of all three.
 */
public final class RecommendationEvaluation {
    public static final int K = 10;
    /** The feeds must reach this many times popularity's hit rate, and at least personal top's. */
    public static final double LIFT_BAR = 1.5;

    public record Scores(double hitRate, double ndcg) {
        com.fasterxml.jackson.databind.node.ObjectNode json() {
            return DemoJson.object().put("hit_rate_at_10", DemoJson.round(hitRate, 4)).put("ndcg_at_10", DemoJson.round(ndcg, 4));
        }
    }

    /** @param orderToFeedP50Ms commit of an order → its retailer's profile published, from which its feed is blended (-1: not measured) */
    public record Result(int retailers, int feedsServed, Scores feeds, Scores popularity, Scores personalTop, long orderToFeedP50Ms, long orderToFeedP99Ms) {
        public Result withOrderToFeed(List<Long> latencies) {
            return new Result(retailers, feedsServed, feeds, popularity, personalTop, com.wholesaleos.observability.gmv.LiveGmvView.percentile(latencies, 50),
                    com.wholesaleos.observability.gmv.LiveGmvView.percentile(latencies, 99));
        }

        public double liftOverPopularity() { return popularity.hitRate() == 0 ? Double.POSITIVE_INFINITY : feeds.hitRate() / popularity.hitRate(); }

        public boolean passes() {
            return retailers > 0 && feeds.hitRate() >= LIFT_BAR * popularity.hitRate() && feeds.hitRate() >= personalTop.hitRate();
        }

        public com.fasterxml.jackson.databind.node.ObjectNode json() {
            var json = DemoJson.object().put("retailers", retailers).put("feeds_served", feedsServed);
            json.set("feeds", feeds.json());
            json.set("popularity", popularity.json());
            json.set("personal_top", personalTop.json());
            return json.put("lift_over_popularity", DemoJson.round(liftOverPopularity(), 2)).put("order_to_feed_ms_p50", orderToFeedP50Ms)
                    .put("order_to_feed_ms_p99", orderToFeedP99Ms).put("pass", passes());
        }
    }

    private RecommendationEvaluation() {}

    /** The newest order id: orders after it are held out. */
    public static long lastOrderId(MarketplaceDatabase db) throws Exception {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT coalesce(max(id), 0) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every retailer's feed as the Feed API serves it now (product ids, best first), blended from the store's topics. */
    public static Map<Long, List<Long>> servedFeeds(WosConfig config) {
        Map<Long, List<Long>> feeds = new TreeMap<>();
        blendedFeeds(config, Map.of()).forEach((r, f) -> feeds.put(r, f.stream().map(Recommendation::productId).toList()));
        return feeds;
    }

    /**
     * Every retailer's feed blended as the Feed API does, over a store made of the records published from the given
     * offsets on (by topic and partition; the beginning where absent) to the topics' current ends.
     */
    public static Map<Long, List<Recommendation>> blendedFeeds(WosConfig config, Map<String, Map<Integer, Long>> from) {
        FeedLists store = new FeedLists(FeedLists.settings(config));
        for (PlatformTopic t : FeedLists.TOPICS) {
            TopicReader.readToEnd(config.kafkaBootstrap(), t.topic(), from.getOrDefault(t.topic(), Map.of()), r -> {
                try {
                    store.apply(t.topic(), r.key(), r.value());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        Map<Long, List<Recommendation>> feeds = new TreeMap<>();
        for (long retailer : store.retailers()) feeds.put(retailer, store.feed(retailer).orElseThrow().items());
        return feeds;
    }

    /**
     * Commit → profile: for every profile published because of a newer order of its retailer (its source commit moved
     * on), the time from that commit to its publication; from then on the Feed API blends the retailer's feed from it.
     * Only commits from {@code sinceMs} on.
     */
    public static List<Long> orderToFeedLatencies(String bootstrap, long sinceMs) {
        BinaryMessageDecoder<RetailerProfile> decoder = RetailerProfile.createDecoder(ReleasedSchemas.store());
        Map<Long, Long> lastCommit = new HashMap<>();
        List<Long> out = new ArrayList<>();
        TopicReader.readToEnd(bootstrap, PlatformTopic.RECO_PROFILES.topic(), Map.of(), r -> {
            RetailerProfile p;
            try {
                p = decoder.decode(r.value());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Long previous = lastCommit.put(p.getRetailerId(), p.getSourceCommitMs());
            if (p.getSourceCommitMs() >= sinceMs && (previous == null || p.getSourceCommitMs() > previous)) out.add(p.getComputedAtMs() - p.getSourceCommitMs());
        });
        return out;
    }

    /** The end offsets of the feed store's topics, by topic and partition. */
    public static Map<String, Map<Integer, Long>> storeTopicEnds(String bootstrap) {
        Map<String, Map<Integer, Long>> ends = new TreeMap<>();
        for (PlatformTopic t : FeedLists.TOPICS) ends.put(t.topic(), TopicReader.endOffsets(bootstrap, t.topic()));
        return ends;
    }

    /** The end offsets of the feed store's topics, summed: when they stop moving, the job has nothing more to say. */
    public static long storeTopicEnd(String bootstrap) {
        return storeTopicEnds(bootstrap).values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    /** Scores the feeds served at the split (orders up to {@code lastTrainingOrder}) and both baselines on the next orders. */
    public static Result evaluate(MarketplaceDatabase db, long lastTrainingOrder, Map<Long, List<Long>> feeds) throws Exception {
        try (Connection c = db.connect()) {
            Map<Long, Set<Long>> nextBasket = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH nxt AS (SELECT DISTINCT ON (retailer_id) retailer_id, id FROM orders WHERE id > ? ORDER BY retailer_id, placed_at, id)
                    SELECT nxt.retailer_id, i.product_id FROM nxt JOIN order_items i ON i.order_id = nxt.id
                    WHERE EXISTS (SELECT 1 FROM orders t WHERE t.retailer_id = nxt.retailer_id AND t.id <= ?)""")) {
                ps.setLong(1, lastTrainingOrder);
                ps.setLong(2, lastTrainingOrder);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) nextBasket.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
                }
            }
            List<Long> popular = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT i.product_id FROM order_items i JOIN products p ON p.id = i.product_id
                    WHERE i.order_id <= ? AND p.status = 'active' GROUP BY i.product_id ORDER BY count(DISTINCT i.order_id) DESC, i.product_id LIMIT ?""")) {
                ps.setLong(1, lastTrainingOrder);
                ps.setInt(2, K);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) popular.add(rs.getLong(1));
                }
            }
            Map<Long, List<Long>> personal = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT o.retailer_id, i.product_id FROM orders o JOIN order_items i ON i.order_id = o.id
                    WHERE o.id <= ? GROUP BY o.retailer_id, i.product_id
                    ORDER BY o.retailer_id, count(DISTINCT o.id) DESC, max(o.placed_at) DESC, i.product_id""")) {
                ps.setLong(1, lastTrainingOrder);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Long> top = personal.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>());
                        if (top.size() < K) top.add(rs.getLong(2));
                    }
                }
            }
            double[] f = new double[2];
            double[] pop = new double[2];
            double[] per = new double[2];
            int served = 0;
            for (Map.Entry<Long, Set<Long>> e : nextBasket.entrySet()) {
                List<Long> feed = feeds.getOrDefault(e.getKey(), List.of());
                if (!feed.isEmpty()) served++;
                add(f, feed, e.getValue());
                add(pop, popular, e.getValue());
                add(per, personal.getOrDefault(e.getKey(), List.of()), e.getValue());
            }
            int n = nextBasket.size();
            return new Result(n, served, scores(f, n), scores(pop, n), scores(per, n), -1, -1);
        }
    }

    private static Scores scores(double[] sums, int n) { return n == 0 ? new Scores(0, 0) : new Scores(sums[0] / n, sums[1] / n); }

    /** Adds one retailer's hit@K and NDCG@K (binary relevance) to the sums. */
    static void add(double[] sums, List<Long> ranked, Set<Long> basket) {
        double dcg = 0;
        boolean hit = false;
        for (int i = 0; i < Math.min(K, ranked.size()); i++) {
            if (basket.contains(ranked.get(i))) {
                hit = true;
                dcg += 1 / log2(i + 2);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(K, basket.size()); i++) ideal += 1 / log2(i + 2);
        sums[0] += hit ? 1 : 0;
        sums[1] += ideal == 0 ? 0 : dcg / ideal;
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

}
