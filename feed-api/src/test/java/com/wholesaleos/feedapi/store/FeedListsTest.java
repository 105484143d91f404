package com.wholesaleos.feedapi.store;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.recommend.FeedBlend;
import com.wholesaleos.recommend.FeedComposer;
import com.wholesaleos.recommend.Recommendation;
import com.wholesaleos.recommend.TimeDecay;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.reco.CatalogStatus;
import com.wholesaleos.schemas.reco.FeedItem;
import com.wholesaleos.schemas.reco.ProductList;
import com.wholesaleos.schemas.reco.ProfileProduct;
import com.wholesaleos.schemas.reco.RetailerProfile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The serving store as the compacted topics make it (the last record of a key wins, a tombstone removes it), and feeds
 * blended at request time from a retailer's profile and the lists looked up in it, without unavailable products.
 */
public class FeedListsTest {
    static final long DAY = TimeDecay.DAY_MS;
    static final long T0 = 1_790_000_000_000L;
    static final FeedComposer.Settings BLEND = new FeedComposer.Settings(FeedBlend.Weights.parse("buy-again=1.0,also-stocked=0.3,trending=0.2"),
            new TimeDecay(60), 20, 7);

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static byte[] key(Object k) { return k.toString().getBytes(StandardCharsets.UTF_8); }

    static FeedItem item(long product, double score) {
        return new FeedItem(product, 3L, score, "also-bought", "");
    }

    /** A retailer that bought each product once, a day apart from T0 on. */
    public static byte[] profile(long retailer, boolean suspended, long... products) throws Exception {
        List<ProfileProduct> bought = new ArrayList<>();
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < products.length; i++) {
            bought.add(new ProfileProduct(products[i], 3L, List.of(T0 + i * DAY)));
            orders.add(T0 + i * DAY);
        }
        return bytes(RetailerProfile.newBuilder().setRetailerId(retailer).setRegionId(1).setSuspended(suspended).setOrderTimesMs(orders)
                .setProducts(bought).setAsOfMs(T0).setComputedAtMs(T0 + 1).setSourceCommitMs(T0).build().toByteBuffer());
    }

    public static byte[] list(String subject, String key, FeedItem... items) throws Exception {
        return bytes(ProductList.newBuilder().setSubject(subject).setKey(key).setItems(List.of(items)).setAsOfMs(T0).setComputedAtMs(T0 + 1)
                .setSupport(subject.equals("product") ? 12.5 : 0).build().toByteBuffer());
    }

    static byte[] status(String subject, long id, long manufacturer, String status) throws Exception {
        return bytes(new CatalogStatus(subject, id, manufacturer, status, T0).toByteBuffer());
    }

    static List<Long> feed(FeedLists lists, long retailer) {
        return lists.feed(retailer).orElseThrow().items().stream().map(Recommendation::productId).toList();
    }

    @Test
    void theLastProfileOfARetailerIsBlendedAndATombstoneRemovesIt() throws Exception {
        FeedLists lists = new FeedLists(BLEND);
        String profiles = PlatformTopic.RECO_PROFILES.topic();
        lists.apply(profiles, key(7), profile(7, false, 1));
        lists.apply(profiles, key(7), profile(7, false, 1, 2));
        assertEquals(List.of(1L, 2L), lists.profile(7).orElseThrow().getProducts().stream().map(ProfileProduct::getProductId).toList());
        assertTrue(feed(lists, 7).containsAll(List.of(1L, 2L)), "bought before: buy again " + feed(lists, 7));
        lists.apply(profiles, key(7), null);
        assertTrue(lists.feed(7).isEmpty());
        assertEquals(3L, lists.counts().get("records_applied"));
        assertTrue(lists.lastAppliedMs() > 0);
    }

    @Test
    void aFeedLooksUpTheCurrentListsAndLeavesUnavailableProductsOutOfEveryRoute() throws Exception {
        FeedLists lists = new FeedLists(BLEND);
        lists.apply(PlatformTopic.RECO_PROFILES.topic(), key(7), profile(7, false, 1));
        assertEquals(List.of(1L), feed(lists, 7));
        // A list published after the profile reaches the feed at the next request: nothing per retailer is recomputed.
        lists.apply(PlatformTopic.RECO_ALSO_BOUGHT.topic(), key(1), list("product", "1", item(12, 0.9), item(13, 0.5)));
        assertEquals(List.of(1L, 12L, 13L), feed(lists, 7));
        assertEquals(Recommendation.ALSO_STOCKED, lists.feed(7).orElseThrow().items().get(1).reason());

        String catalog = PlatformTopic.RECO_CATALOG.topic();
        lists.apply(catalog, key("product:13"), status("product", 13, 5, "active"));
        lists.apply(catalog, key("product:12"), status("product", 12, 4, "delisted"));
        assertEquals(List.of(1L, 13L), feed(lists, 7), "a delisted product leaves the feed");
        assertEquals(List.of(13L), lists.alsoBought(1).orElseThrow().items().stream().map(Recommendation::productId).toList(), "and the list route");
        lists.apply(catalog, key("manufacturer:5"), status("manufacturer", 5, 5, "suspended"));
        assertEquals(List.of(1L), feed(lists, 7), "a suspended manufacturer's products leave the feed");
        assertTrue(lists.alsoBought(1).orElseThrow().items().isEmpty());
        lists.apply(catalog, key("manufacturer:5"), status("manufacturer", 5, 5, "active"));
        lists.apply(catalog, key("product:12"), status("product", 12, 4, "active"));
        assertEquals(List.of(1L, 12L, 13L), feed(lists, 7), "both back when available again");
        assertEquals(0L, lists.counts().get("unavailable_products"));
    }

    @Test
    void aSuspendedRetailerGetsAnEmptyFeed() throws Exception {
        FeedLists lists = new FeedLists(BLEND);
        lists.apply(PlatformTopic.RECO_PROFILES.topic(), key(8), profile(8, true, 1, 2));
        assertTrue(lists.feed(8).orElseThrow().items().isEmpty());
    }

    @Test
    void alsoBoughtIsKeyedByProductAndTrendingByCategoryAndRegion() throws Exception {
        FeedLists lists = new FeedLists(BLEND);
        lists.apply(PlatformTopic.RECO_ALSO_BOUGHT.topic(), key(11), list("product", "11", item(12, 0.3)));
        lists.apply(PlatformTopic.RECO_TRENDING.topic(), key("5|1"), list("trending", "5|1", item(20, 2.0)));
        lists.apply(PlatformTopic.RECO_TRENDING.topic(), key("5|2"), list("trending", "5|2", item(21, 1.0)));
        lists.apply(PlatformTopic.RECO_TRENDING.topic(), key("6|1"), list("trending", "6|1", item(22, 1.5)));
        assertEquals(12L, lists.alsoBought(11).orElseThrow().items().get(0).productId());
        assertEquals("30% of the 12.5 retailers stocking it also stock this (time-decayed)", lists.alsoBought(11).orElseThrow().items().get(0).detail(),
                "the detail is written from the list's support when served");
        assertTrue(lists.alsoBought(12).isEmpty());
        assertEquals(List.of("5|1", "5|2"), lists.trending(5L, null).stream().map(FeedLists.ServedList::key).toList());
        assertEquals(List.of("5|1", "6|1"), lists.trending(null, 1L).stream().map(FeedLists.ServedList::key).toList());
        assertEquals(List.of("6|1"), lists.trending(6L, 1L).stream().map(FeedLists.ServedList::key).toList());
        assertEquals(3, lists.trending(null, null).size());
        lists.apply(PlatformTopic.RECO_TRENDING.topic(), key("5|2"), null);
        assertEquals(List.of("5|1"), lists.trending(5L, null).stream().map(FeedLists.ServedList::key).toList());
    }

    @Test
    void aRecordThatIsNotAListIsRefusedAndChangesNothing() {
        FeedLists lists = new FeedLists(BLEND);
        assertThrows(Exception.class, () -> lists.apply(PlatformTopic.RECO_PROFILES.topic(), key(7), new byte[] {1, 2, 3}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lists.apply("wos.cdc.orders", key(1), new byte[] {1}));
        assertTrue(e.getMessage().contains("wos.cdc.orders"), e.getMessage());
        assertEquals(0L, lists.counts().get("records_applied"));
    }
}
