package com.wholesaleos.recommend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PurchaseHistoryTest {
    static final long DAY = TimeDecay.DAY_MS;
    static final long T0 = 1_790_000_000_000L;
    static final TimeDecay DECAY = new TimeDecay(30);

    /** Applies updates to per-product indexes, as the co-purchase step does. */
    static void apply(Map<Long, CoPurchaseIndex> indexes, List<CoPurchaseUpdate> updates) {
        for (CoPurchaseUpdate u : updates) indexes.computeIfAbsent(u.productId, p -> new CoPurchaseIndex()).apply(u, DECAY);
    }

    @Test
    void productsBoughtTogetherBecomeEachOthersAlsoBoughtWithMinimumSupport() {
        Map<Long, CoPurchaseIndex> idx = new HashMap<>();
        for (long r = 0; r < 3; r++) {
            PurchaseHistory h = new PurchaseHistory();
            apply(idx, h.order(r, T0, 1, Map.of(1L, 10L, 2L, 10L), DECAY, 40));
        }
        PurchaseHistory lone = new PurchaseHistory();
        apply(idx, lone.order(99, T0, 1, Map.of(1L, 10L, 3L, 11L), DECAY, 40));
        List<Recommendation> also = idx.get(1L).alsoBought(DECAY, 2.0, 10);
        assertEquals(1, also.size(), "product 3 was stocked with 1 by one retailer only: below the minimum support " + also);
        assertEquals(2L, also.get(0).productId());
        assertEquals(0.75, also.get(0).score(), 1e-6, "three of the four retailers stocking 1 also stock 2");
    }

    @Test
    void aRepeatedOrderCountsOnceAndASuspensionWithdrawsExactlyWhatWasAdded() {
        Map<Long, CoPurchaseIndex> idx = new HashMap<>();
        PurchaseHistory h = new PurchaseHistory();
        apply(idx, h.order(1, T0, 1, Map.of(1L, 10L, 2L, 10L, 3L, 11L), DECAY, 40));
        apply(idx, h.order(1, T0, 1, Map.of(1L, 10L, 2L, 10L, 3L, 11L), DECAY, 40));
        apply(idx, h.order(2, T0 + 9 * DAY, 1, Map.of(2L, 10L, 4L, 12L), DECAY, 40));
        assertEquals(DECAY.weightAt(T0), idx.get(1L).together.get(2L), 1e-6 * DECAY.weightAt(T0), "pair weighs the older of the last purchases");
        assertEquals(DECAY.weightAt(T0 + 9 * DAY), idx.get(2L).support, 1e-6 * DECAY.weightAt(T0));
        apply(idx, h.suspend(true, DECAY, T0 + 10 * DAY));
        for (CoPurchaseIndex i : idx.values()) {
            assertEquals(0, i.support, 1e-6, "support withdrawn");
            assertTrue(i.together.isEmpty(), "pairs withdrawn: " + i.together);
        }
        apply(idx, h.suspend(false, DECAY, T0 + 11 * DAY));
        assertEquals(DECAY.weightAt(T0), idx.get(1L).together.get(2L), 1e-6 * DECAY.weightAt(T0), "restored on reactivation");
    }

    @Test
    void theOldestProductsLeaveTheHistoryAndTheirContribution() {
        Map<Long, CoPurchaseIndex> idx = new HashMap<>();
        PurchaseHistory h = new PurchaseHistory();
        apply(idx, h.order(1, T0, 1, Map.of(1L, 10L, 2L, 10L), DECAY, 2));
        apply(idx, h.order(2, T0 + DAY, 1, Map.of(3L, 10L), DECAY, 2));
        assertFalse(h.times.containsKey(1L) && h.times.containsKey(2L), "only two products kept");
        long kept = h.times.keySet().stream().filter(p -> p != 3L).findFirst().orElseThrow();
        long dropped = kept == 1L ? 2L : 1L;
        assertEquals(0, idx.get(dropped).support, 1e-6);
        assertTrue(idx.get(kept).together.containsKey(3L) && !idx.get(kept).together.containsKey(dropped));
    }
}
