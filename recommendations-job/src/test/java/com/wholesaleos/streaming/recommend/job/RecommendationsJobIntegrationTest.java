package com.wholesaleos.streaming.recommend.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wholesaleos.streaming.cdc.RejectedRecord;
import com.wholesaleos.streaming.recommend.FeedBlend;
import com.wholesaleos.streaming.recommend.Recommendation;
import com.wholesaleos.streaming.recommend.TimeDecay;
import com.wholesaleos.streaming.recommend.TrendDetector;
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
 * A and B stock products 1 and 9 together, C stocks 1 and 2. C is shown 9 as "also stocked"; then product 2 is
 * delisted and B is blocked (suspended): C's feed loses 2 and 9 (one retailer left stocking 1 with 9, days ago, is below the
 * minimum support of 1.5 decayed retailers), B's feed empties, and A's order delivered twice counted once (else 9 would stay).
 */
class RecommendationsJobIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long DAY = TimeDecay.DAY_MS;
    static final long T0 = 1_790_000_000_000L;
    static final long A = 1, B = 2, C = 3, REGION = 1;
    static final RecommendationsJob.Settings SETTINGS = new RecommendationsJob.Settings(new TimeDecay(60), 1.5, 40,
            new TrendDetector.Windows(7, 28, 3, 2.0), FeedBlend.Weights.parse("buy-again=1.0,also-stocked=0.3,trending=0.2"), 20, 20, 200, 100);

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
        for (long r : new long[] {A, B, C}) input.add(retailer(r, "active", T0 - 100 * DAY));
        List<ShopperFact> aFirst = order(A, T0, 1, 9);
        input.addAll(aFirst);
        input.addAll(order(B, T0 + DAY, 1, 9));
        input.addAll(order(C, T0 + 2 * DAY, 1, 2));
        input.addAll(order(A, T0 + 7 * DAY, 1, 9));
        input.addAll(order(B, T0 + 8 * DAY, 1, 9));
        input.addAll(order(C, T0 + 9 * DAY, 1, 2));
        input.addAll(aFirst); // redelivered after a restart: must count once
        input.add(pause(2_000));
        input.add(product(2, 10, "delisted", T0 + 10 * DAY));
        input.add(retailer(B, "suspended", T0 + 10 * DAY));
        input.add(pause(2_000));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<ShopperFact> facts = env.fromData(input, TypeInformation.of(ShopperFact.class)).setParallelism(1)
                .map(f -> {
                    if ("pause".equals(f.kind)) Thread.sleep(f.atMs); // lets the feeds' refresh timers fire, as time passes in production
                    return f;
                }).setParallelism(1).returns(ShopperFact.class);
        RecommendationsJob.Outputs out = RecommendationsJob.build(facts, SETTINGS);
        List<RankedList> lists = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        out.rejected().executeAndCollect("reco-rejects").forEachRemaining(rejected::add);
        assertTrue(rejected.isEmpty(), "nothing rejected: " + rejected);
        try (var it = out.lists().executeAndCollect("reco-lists")) {
            it.forEachRemaining(lists::add);
        }

        // C's feed before the block and the delisting: 9 is stocked by A and B, who stock 1 as C does.
        List<RankedList> cFeeds = lists.stream().filter(l -> l.subject.equals(RankedList.RETAILER) && l.key.equals(Long.toString(C))).toList();
        assertTrue(cFeeds.stream().anyMatch(l -> products(l).contains(9L) && reason(l, 9).equals(Recommendation.ALSO_STOCKED)),
                "9 recommended to C as also stocked at some point: " + cFeeds);
        Map<String, RankedList> latest = new TreeMap<>();
        for (RankedList l : lists) latest.put(l.subject + ":" + l.key, l);
        RankedList cFinal = latest.get("retailer:" + C);
        assertFalse(products(cFinal).contains(9L), "B blocked: one retailer stocking 1 with 9 is below the minimum support " + cFinal.items);
        assertFalse(products(cFinal).contains(2L), "2 delisted " + cFinal.items);
        assertTrue(products(cFinal).contains(1L), "C still buys 1 again " + cFinal.items);
        assertTrue(latest.get("retailer:" + B).items.isEmpty(), "a blocked retailer gets no feed");
        assertFalse(products(latest.get("product:1")).contains(9L), "also-bought of 1 without B " + latest.get("product:1").items);
        assertTrue(latest.get("product:9").items.isEmpty(), "only A stocks 9 with 1 now: below the minimum support " + latest.get("product:9").items);
    }

    static List<Long> products(RankedList l) { return l.items.stream().map(i -> i.productId).toList(); }

    static String reason(RankedList l, long product) {
        return l.items.stream().filter(i -> i.productId == product).findFirst().orElseThrow().reason;
    }
}
