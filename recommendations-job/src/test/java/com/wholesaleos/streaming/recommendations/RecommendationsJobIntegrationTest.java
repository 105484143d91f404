package com.wholesaleos.streaming.recommendations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wholesaleos.streaming.cdc.RejectedRecord;
import com.wholesaleos.recommend.FeedBlend;
import com.wholesaleos.recommend.FeedComposer;
import com.wholesaleos.recommend.Recommendation;
import com.wholesaleos.recommend.TimeDecay;
import com.wholesaleos.recommend.TrendDetector;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recommendations job graph on a Flink MiniCluster (parallelism 2), fed a short history written by hand: retailers
 * A and B stock products 1 and 9 together, C stocks 1 and 2. C's feed, blended from its profile and the lists as the
 * Feed API looks them up, shows 9 as "also stocked"; then product 2 is delisted and B is blocked (suspended): C's feed
 * loses 2 and 9 (one retailer left stocking 1 with 9, days ago, is below the minimum support of 1.5 decayed retailers),
 * B's feed empties, and A's order delivered twice counts once (else 9 would stay).
 */
class RecommendationsJobIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long DAY = TimeDecay.DAY_MS;
    static final long T0 = 1_790_000_000_000L;
    static final long A = 1, B = 2, C = 3, REGION = 1;
    static final RecommendationsJob.Settings SETTINGS = new RecommendationsJob.Settings(new TimeDecay(60), 1.5, 40,
            new TrendDetector.Windows(7, 28, 3, 2.0), 20, 100);
    static final FeedComposer.Settings BLEND = new FeedComposer.Settings(FeedBlend.Weights.parse("buy-again=1.0,also-stocked=0.3,trending=0.2"),
            new TimeDecay(60), 20, 7);

    private long lsn = 1_000;
    private long nextOrder = 100;

    private ShopperFact fact(String kind, long atMs) {
        ShopperFact f = ShopperFact.of(kind, lsn++, atMs, atMs);
        f.topic = "test";
        f.partition = 0;
        f.offset = lsn;
        return f;
    }

    private ShopperFact product(long id, long category, String status, long at) {
        ShopperFact f = fact(ShopperFact.PRODUCT, at);
        f.productId = id;
        f.categoryId = category;
        f.manufacturerId = 1;
        f.status = status;
        return f;
    }

    private ShopperFact retailer(long id, String status, long at) {
        ShopperFact f = fact(ShopperFact.RETAILER, at);
        f.retailerId = id;
        f.regionId = REGION;
        f.status = status;
        return f;
    }

    /** An order's header and lines, lines first (they arrive on another topic, in any order). */
    private List<ShopperFact> order(long retailer, long at, long... products) {
        long id = nextOrder++;
        List<ShopperFact> out = new ArrayList<>();
        for (int i = 0; i < products.length; i++) {
            ShopperFact l = fact(ShopperFact.ITEM, at);
            l.orderId = id;
            l.lineNo = i + 1;
            l.productId = products[i];
            l.categoryId = products[i] < 5 ? 10 : 11;
            l.amount = new BigDecimal("10.00");
            out.add(l);
        }
        ShopperFact h = fact(ShopperFact.ORDER, at);
        h.orderId = id;
        h.retailerId = retailer;
        h.regionId = REGION;
        h.status = "placed";
        h.amount = new BigDecimal("10.00").multiply(BigDecimal.valueOf(products.length));
        out.add(h);
        return out;
    }

    private ShopperFact pause(long ms) { return fact("pause", ms); }

    @Test
    void blockedRetailersStopInfluencingOthersDelistedProductsLeaveFeedsAndABasketCountsOnce() throws Exception {
        List<ShopperFact> input = new ArrayList<>();
        for (long p = 1; p <= 12; p++) input.add(product(p, p < 5 ? 10 : 11, "active", T0 - 100 * DAY));
        input.add(product(3, 10, "active", T0 - 99 * DAY)); // a price change, say: its status is not republished
        for (long r : new long[] {A, B, C}) input.add(retailer(r, "active", T0 - 100 * DAY));
        List<ShopperFact> aFirst = order(A, T0, 1, 9);
        input.addAll(aFirst);
        input.addAll(order(B, T0 + DAY, 1, 9));
        input.addAll(order(C, T0 + 2 * DAY, 1, 2));
        input.addAll(order(A, T0 + 7 * DAY, 1, 9));
        input.addAll(order(B, T0 + 8 * DAY, 1, 9));
        input.addAll(order(C, T0 + 9 * DAY, 1, 2));
        input.addAll(aFirst); // redelivered after a restart: must count once
        input.add(pause(1_000));
        input.add(product(2, 10, "delisted", T0 + 10 * DAY));
        input.add(retailer(B, "suspended", T0 + 10 * DAY));
        input.add(pause(1_000));

        RecommendationsJob.Outputs out = build(input);
        List<RejectedRecord> rejected = new ArrayList<>();
        out.rejected().executeAndCollect("reco-rejects").forEachRemaining(rejected::add);
        assertTrue(rejected.isEmpty(), "nothing rejected: " + rejected);
        List<RankedList> lists = collect(build(input).lists());
        List<ShopperProfile> profiles = collect(build(input).profiles());
        List<ShopperFact> catalog = collect(build(input).catalog());

        Map<String, RankedList> latest = new TreeMap<>();
        Map<Long, RankedList> alsoBought = new TreeMap<>();
        for (RankedList l : lists) {
            latest.put(l.subject + ":" + l.key, l);
            if (l.subject.equals(RankedList.PRODUCT)) alsoBought.put(Long.parseLong(l.key), l);
        }
        Map<Long, ShopperProfile> profile = new TreeMap<>();
        for (ShopperProfile p : profiles) profile.put(p.retailerId, p);
        Map<Long, String> status = new TreeMap<>();
        for (ShopperFact f : catalog) status.put(f.productId, f.status);

        // Before the block: 9 is stocked by A and B, who stock 1 as C does; C's feed, blended over that list, shows it.
        RankedList oneWithNine = lists.stream().filter(l -> l.key.equals("1") && products(l).contains(9L)).findFirst().orElseThrow();
        List<Recommendation> before = FeedComposer.feed(profile.get(C).history, lookup(Map.of(1L, oneWithNine), Map.of()), BLEND).items();
        assertEquals(Recommendation.ALSO_STOCKED, before.stream().filter(r -> r.productId() == 9).findFirst().orElseThrow().reason(), "" + before);

        List<Recommendation> cFinal = FeedComposer.feed(profile.get(C).history, lookup(alsoBought, status), BLEND).items();
        List<Long> cProducts = cFinal.stream().map(Recommendation::productId).toList();
        assertFalse(cProducts.contains(9L), "B blocked: one retailer stocking 1 with 9 is below the minimum support " + cFinal);
        assertFalse(cProducts.contains(2L), "2 delisted " + cFinal);
        assertTrue(cProducts.contains(1L), "C still buys 1 again " + cFinal);
        assertTrue(profile.get(B).history.suspended, "B's profile says it is blocked");
        assertTrue(FeedComposer.feed(profile.get(B).history, lookup(alsoBought, status), BLEND).items().isEmpty(), "a blocked retailer gets no feed");
        assertFalse(products(latest.get("product:1")).contains(9L), "also-bought of 1 without B " + latest.get("product:1").items);
        assertTrue(latest.get("product:9").items.isEmpty(), "only A stocks 9 with 1 now: below the minimum support " + latest.get("product:9").items);
        assertEquals(2, profile.get(A).history.orderTimes.size(), "A's redelivered order counted once");
        assertEquals("delisted", status.get(2L));
        assertEquals(13, catalog.size(), "each product's status once, and 2's change: a repeated status is not republished " + catalog);
    }

    private static RecommendationsJob.Outputs build(List<ShopperFact> input) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<ShopperFact> facts = env.fromData(input, TypeInformation.of(ShopperFact.class)).setParallelism(1)
                .map(f -> {
                    if ("pause".equals(f.kind)) Thread.sleep(f.atMs); // lets the lists' publish timers fire, as time passes in production
                    return f;
                }).setParallelism(1).returns(ShopperFact.class);
        return RecommendationsJob.build(facts, SETTINGS);
    }

    private static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> out = new ArrayList<>();
        try (var it = stream.executeAndCollect("reco-" + stream.getType())) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** The also-bought lists (by product) and statuses as the Feed API looks them up. */
    private static FeedComposer.Lists lookup(Map<Long, RankedList> lists, Map<Long, String> status) {
        return new FeedComposer.Lists() {
            @Override
            public FeedComposer.RankedList alsoBought(long product) {
                RankedList l = lists.get(product);
                return l == null ? null : new FeedComposer.RankedList(l.items.stream().map(RankedItem::recommendation).toList(), l.asOfMs);
            }

            @Override
            public FeedComposer.RankedList trending(long category, long region) { return null; }

            @Override
            public boolean available(long product) { return "active".equals(status.getOrDefault(product, "active")); }

            @Override
            public long newestListMs() { return lists.values().stream().mapToLong(l -> l.asOfMs).max().orElse(0); }
        };
    }

    static List<Long> products(RankedList l) { return l.items.stream().map(i -> i.productId).toList(); }
}
