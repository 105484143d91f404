package com.wholesaleos.recommend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedBlendTest {
    static final long DAY = TimeDecay.DAY_MS;
    static final long T0 = 1_790_000_000_000L;
    static final TimeDecay DECAY = new TimeDecay(30);
    static final FeedBlend.Weights W = FeedBlend.Weights.parse("buy-again=1.0,also-stocked=0.6,trending=0.4");

    /** Bought product 1 every 7 days, product 2 once, in category 10, ordering every 7 days. */
    static PurchaseHistory history() {
        PurchaseHistory h = new PurchaseHistory();
        for (int i = 0; i < 5; i++) h.order(i, T0 + i * 7 * DAY, 1, i == 2 ? Map.of(1L, 10L, 2L, 10L) : Map.of(1L, 10L), DECAY, 40);
        return h;
    }

    @Test
    void dueRepeatsComeFirstThenWhatRetailersLikeItStockThenTrendsEachWithItsReason() {
        Map<Long, List<Recommendation>> also = Map.of(1L, List.of(new Recommendation(2, 10, 0.9, "also-bought", ""),
                new Recommendation(7, 10, 0.8, "also-bought", "")));
        Map<Long, List<Recommendation>> trends = Map.of(10L, List.of(new Recommendation(8, 10, 3.0, "trending", "3 times")));
        List<Recommendation> feed = FeedBlend.feed(history(), also, trends, p -> true, W, DECAY, T0 + 29 * DAY, 10);
        assertEquals(List.of(1L, 7L, 8L, 2L), feed.stream().map(Recommendation::productId).toList(), feed.toString());
        assertEquals(List.of("buy-again", "also-stocked", "trending", "buy-again"), feed.stream().map(Recommendation::reason).toList());
    }

    @Test
    void unavailableProductsAndSuspendedRetailersGetNothing() {
        Map<Long, List<Recommendation>> also = Map.of(1L, List.of(new Recommendation(7, 10, 0.8, "also-bought", "")));
        List<Recommendation> feed = FeedBlend.feed(history(), also, Map.of(), p -> p != 7 && p != 1, W, DECAY, T0 + 29 * DAY, 10);
        assertEquals(List.of(2L), feed.stream().map(Recommendation::productId).toList());
        PurchaseHistory blocked = history();
        blocked.suspend(true, DECAY, T0 + 30 * DAY);
        assertTrue(FeedBlend.feed(blocked, also, Map.of(), p -> true, W, DECAY, T0 + 29 * DAY, 10).isEmpty());
    }

    @Test
    void weightsParseAndTheFeedIsCut() {
        assertEquals(new FeedBlend.Weights(2.0, 0.5, 0.1), FeedBlend.Weights.parse("buy-again=2.0,also-stocked=0.5,trending=0.1"));
        Map<Long, List<Recommendation>> also = Map.of(1L, List.of(new Recommendation(7, 10, 0.8, "also-bought", "")));
        assertEquals(1, FeedBlend.feed(history(), also, Map.of(), p -> true, W, DECAY, T0 + 29 * DAY, 1).size());
    }
}
