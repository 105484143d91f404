package com.wholesaleos.feedapi.store;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.reco.FeedItem;
import com.wholesaleos.schemas.reco.ProductList;
import com.wholesaleos.schemas.reco.RetailerFeed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The serving lists as the compacted topics make them: the last record of a key wins, a tombstone removes it. */
class FeedListsTest {
    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static byte[] key(Object k) { return k.toString().getBytes(StandardCharsets.UTF_8); }

    static FeedItem item(long product, double score) {
        return new FeedItem(product, 3L, score, "reorder", "");
    }

    static byte[] feed(long retailer, FeedItem... items) throws Exception {
        return bytes(RetailerFeed.newBuilder().setRetailerId(retailer).setRegionId(1).setItems(List.of(items)).setAsOfMs(1_000).setComputedAtMs(2_000)
                .setSourceCommitMs(900).build().toByteBuffer());
    }

    static byte[] list(String subject, String key, FeedItem... items) throws Exception {
        return bytes(ProductList.newBuilder().setSubject(subject).setKey(key).setItems(List.of(items)).setAsOfMs(1_000).setComputedAtMs(2_000)
                .build().toByteBuffer());
    }

    @Test
    void theLastRecordOfAKeyIsServedAndATombstoneRemovesIt() throws Exception {
        FeedLists lists = new FeedLists();
        String feeds = PlatformTopic.RECO_FEEDS.topic();
        lists.apply(feeds, key(7), feed(7, item(1, 0.5)));
        lists.apply(feeds, key(7), feed(7, item(2, 0.9), item(1, 0.4)));
        assertEquals(List.of(2L, 1L), lists.feed(7).orElseThrow().getItems().stream().map(FeedItem::getProductId).toList());
        lists.apply(feeds, key(7), null);
        assertTrue(lists.feed(7).isEmpty());
        assertEquals(3L, lists.counts().get("records_applied"));
        assertTrue(lists.lastAppliedMs() > 0);
    }

    @Test
    void alsoBoughtIsKeyedByProductAndTrendingByCategoryAndRegion() throws Exception {
        FeedLists lists = new FeedLists();
        lists.apply(PlatformTopic.RECO_ALSO_BOUGHT.topic(), key(11), list("product", "11", item(12, 0.3)));
        lists.apply(PlatformTopic.RECO_TRENDING.topic(), key("5|1"), list("trending", "5|1", item(20, 2.0)));
        lists.apply(PlatformTopic.RECO_TRENDING.topic(), key("5|2"), list("trending", "5|2", item(21, 1.0)));
        lists.apply(PlatformTopic.RECO_TRENDING.topic(), key("6|1"), list("trending", "6|1", item(22, 1.5)));
        assertEquals(12L, lists.alsoBought(11).orElseThrow().getItems().get(0).getProductId());
        assertTrue(lists.alsoBought(12).isEmpty());
        assertEquals(List.of("5|1", "5|2"), lists.trending(5L, null).stream().map(ProductList::getKey).toList());
        assertEquals(List.of("5|1", "6|1"), lists.trending(null, 1L).stream().map(ProductList::getKey).toList());
        assertEquals(List.of("6|1"), lists.trending(6L, 1L).stream().map(ProductList::getKey).toList());
        assertEquals(3, lists.trending(null, null).size());
        lists.apply(PlatformTopic.RECO_TRENDING.topic(), key("5|2"), null);
        assertEquals(List.of("5|1"), lists.trending(5L, null).stream().map(ProductList::getKey).toList());
    }

    @Test
    void aRecordThatIsNotAListIsRefusedAndChangesNothing() {
        FeedLists lists = new FeedLists();
        assertThrows(Exception.class, () -> lists.apply(PlatformTopic.RECO_FEEDS.topic(), key(7), new byte[] {1, 2, 3}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lists.apply("wos.cdc.orders", key(1), new byte[] {1}));
        assertTrue(e.getMessage().contains("wos.cdc.orders"), e.getMessage());
        assertEquals(0L, lists.counts().get("records_applied"));
    }
}
