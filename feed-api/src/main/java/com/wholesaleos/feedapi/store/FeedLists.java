package com.wholesaleos.feedapi.store;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.recommend.CoPurchaseIndex;
import com.wholesaleos.recommend.FeedBlend;
import com.wholesaleos.recommend.FeedComposer;
import com.wholesaleos.recommend.PurchaseHistory;
import com.wholesaleos.recommend.Recommendation;
import com.wholesaleos.recommend.TimeDecay;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.reco.CatalogStatus;
import com.wholesaleos.schemas.reco.FeedItem;
import com.wholesaleos.schemas.reco.ProductList;
import com.wholesaleos.schemas.reco.ProfileProduct;
import com.wholesaleos.schemas.reco.RetailerProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;

/**
 * What the API serves, each the last record of its key on the compacted topics (a tombstone removes it): every
 * retailer's profile, also-bought list per product, trending list per category and region, and the catalog's status.
 * A retailer's feed is blended when it is asked for ({@link FeedComposer}), from its profile and the lists it looks up
 * here, so no feed goes stale when a list changes and nothing is recomputed for retailers nobody asks about. Profiles and
 * lists are kept as the records' own encoded bytes (Avro, about a quarter of the decoded object graph's heap: Phase 4's
 * 100,000 retailers must fit the API's heap) and decoded when read, which costs microseconds. Unavailable products
 * (delisted, or their manufacturer suspended) are left out of every list and feed served. One writer (the store's
 * follower) applies records, after checking they decode, while any number of request threads read.
 */
public final class FeedLists {
    /** The topics the store is made of. */
    public static final List<PlatformTopic> TOPICS = List.of(PlatformTopic.RECO_PROFILES, PlatformTopic.RECO_ALSO_BOUGHT, PlatformTopic.RECO_TRENDING,
            PlatformTopic.RECO_CATALOG);

    private final FeedComposer.Settings settings;
    private final Map<Long, byte[]> profiles = new ConcurrentHashMap<>();
    /** Product id → its also-bought list, as numbers only (the details are written when served): no decoding per feed. */
    private final Map<Long, AlsoBought> alsoBought = new ConcurrentHashMap<>();
    /** "category|region" → list, kept in key order so a request reads it without sorting. */
    private final Map<String, byte[]> trending = new ConcurrentSkipListMap<>();
    private final Set<Long> delisted = ConcurrentHashMap.newKeySet();
    private final Set<Long> suspendedManufacturers = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> manufacturerOf = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final BinaryMessageDecoder<RetailerProfile> profileDecoder;
    private final BinaryMessageDecoder<ProductList> listDecoder;
    private final BinaryMessageDecoder<CatalogStatus> catalogDecoder;
    private volatile long lastAppliedMs;
    private volatile long newestListMs;

    public FeedLists(FeedComposer.Settings settings) {
        this.settings = settings;
        SchemaStore released = ReleasedSchemas.store();
        profileDecoder = RetailerProfile.createDecoder(released);
        listDecoder = ProductList.createDecoder(released);
        catalogDecoder = CatalogStatus.createDecoder(released);
    }

    /** The blend as the reco.* settings declare it. */
    public static FeedComposer.Settings settings(WosConfig c) {
        return new FeedComposer.Settings(FeedBlend.Weights.parse(c.get(WosSettings.RECO_WEIGHTS)), new TimeDecay(c.get(WosSettings.RECO_HALF_LIFE_DAYS)),
                c.get(WosSettings.RECO_FEED_SIZE), c.get(WosSettings.RECO_TREND_WINDOW_DAYS));
    }

    /** Applies one record of one of {@link #TOPICS}: its value replaces the key's entry, a null value removes it. */
    public void apply(String topic, byte[] keyBytes, byte[] value) throws IOException {
        String key = keyBytes == null ? null : new String(keyBytes, StandardCharsets.UTF_8);
        if (PlatformTopic.RECO_PROFILES.topic().equals(topic)) {
            if (value == null) profiles.remove(Long.parseLong(key));
            else profiles.put(profileDecoder.decode(value).getRetailerId(), value);
        } else if (PlatformTopic.RECO_ALSO_BOUGHT.topic().equals(topic)) {
            if (value == null) alsoBought.remove(Long.parseLong(key));
            else {
                ProductList l = listed(listDecoder.decode(value));
                alsoBought.put(Long.parseLong(l.getKey()), AlsoBought.of(l));
            }
        } else if (PlatformTopic.RECO_TRENDING.topic().equals(topic)) {
            if (value == null) trending.remove(key);
            else trending.put(listed(listDecoder.decode(value)).getKey(), value);
        } else if (PlatformTopic.RECO_CATALOG.topic().equals(topic)) {
            if (value != null) status(catalogDecoder.decode(value));
        } else {
            throw new IllegalArgumentException("topic " + topic + " is not one the feed store is made of");
        }
        applied.incrementAndGet();
        lastAppliedMs = System.currentTimeMillis();
    }

    private ProductList listed(ProductList l) {
        if (l.getAsOfMs() > newestListMs) newestListMs = l.getAsOfMs();
        return l;
    }

    private void status(CatalogStatus s) {
        boolean available = "active".equals(s.getStatus());
        if ("product".equals(s.getSubject())) {
            manufacturerOf.put(s.getId(), s.getManufacturerId());
            if (available) delisted.remove(s.getId());
            else delisted.add(s.getId());
        } else if ("manufacturer".equals(s.getSubject())) {
            if (available) suspendedManufacturers.remove(s.getId());
            else suspendedManufacturers.add(s.getId());
        } else {
            throw new IllegalArgumentException("catalog subject " + s.getSubject() + " is neither product nor manufacturer");
        }
    }

    /** The retailer's feed, blended now; empty if the store holds no profile of it. */
    public Optional<FeedComposer.Feed> feed(long retailerId) {
        byte[] b = profiles.get(retailerId);
        return b == null ? Optional.empty() : Optional.of(FeedComposer.feed(history(decode(profileDecoder, b)), lookup, settings));
    }

    /** The retailer's profile as published (empty if none). */
    public Optional<RetailerProfile> profile(long retailerId) {
        byte[] b = profiles.get(retailerId);
        return b == null ? Optional.empty() : Optional.of(decode(profileDecoder, b));
    }

    /** Retailers with a profile. */
    public Set<Long> retailers() { return profiles.keySet(); }

    /** A list as served: its key, items (best first, unavailable products left out) and times. */
    public record ServedList(String key, List<Recommendation> items, long asOfMs, long computedAtMs) {}

    /** The product's also-bought list, unavailable products left out. */
    public Optional<ServedList> alsoBought(long productId) {
        AlsoBought l = alsoBought.get(productId);
        return l == null ? Optional.empty()
                : Optional.of(new ServedList(Long.toString(productId), availableOnly(l.items(true)), l.asOfMs(), l.computedAtMs()));
    }

    /** Trending lists of a category and/or region (null: any), by key, unavailable products left out. */
    public List<ServedList> trending(Long category, Long region) {
        List<ServedList> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : trending.entrySet()) {
            String[] k = e.getKey().split("\\|");
            if (category != null && !k[0].equals(category.toString())) continue;
            if (region != null && !k[1].equals(region.toString())) continue;
            ProductList l = decode(listDecoder, e.getValue());
            out.add(new ServedList(e.getKey(), availableOnly(ranked(l).items()), l.getAsOfMs(), l.getComputedAtMs()));
        }
        return out;
    }

    /** The lists a feed is blended from, looked up here. */
    private final FeedComposer.Lists lookup = new FeedComposer.Lists() {
        @Override
        public FeedComposer.RankedList alsoBought(long product) {
            AlsoBought l = alsoBought.get(product);
            return l == null ? null : new FeedComposer.RankedList(l.items(false), l.asOfMs());
        }

        @Override
        public FeedComposer.RankedList trending(long category, long region) {
            byte[] b = trending.get(category + "|" + region);
            return b == null ? null : ranked(decode(listDecoder, b));
        }

        @Override
        public boolean available(long product) { return FeedLists.this.available(product); }

        @Override
        public long newestListMs() { return newestListMs; }
    };

    /** Listed, and its manufacturer not suspended (a product the store has no status of counts as available). */
    public boolean available(long product) {
        if (delisted.contains(product)) return false;
        Long manufacturer = manufacturerOf.get(product);
        return manufacturer == null || !suspendedManufacturers.contains(manufacturer);
    }

    private List<Recommendation> availableOnly(List<Recommendation> items) {
        if (delisted.isEmpty() && suspendedManufacturers.isEmpty()) return items;
        return items.stream().filter(i -> available(i.productId())).toList();
    }

    /**
     * An also-bought list as numbers: ~600 bytes for 20 items where the record's bytes, with a sentence per item, take
     * ~2 KB (Phase 4's 80,000 products' lists must fit the API's heap beside 100,000 profiles), and nothing to decode when
     * a feed looks it up. The sentences are written from the numbers when the list itself is served.
     */
    private record AlsoBought(long[] products, long[] categories, double[] scores, double support, long asOfMs, long computedAtMs) {
        static AlsoBought of(ProductList l) {
            int n = l.getItems().size();
            long[] p = new long[n];
            long[] c = new long[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                FeedItem item = l.getItems().get(i);
                p[i] = item.getProductId();
                c[i] = item.getCategoryId();
                s[i] = item.getScore();
            }
            return new AlsoBought(p, c, s, l.getSupport(), l.getAsOfMs(), l.getComputedAtMs());
        }

        List<Recommendation> items(boolean withDetails) {
            List<Recommendation> out = new ArrayList<>(products.length);
            for (int i = 0; i < products.length; i++) {
                out.add(new Recommendation(products[i], categories[i], scores[i], Recommendation.ALSO_BOUGHT,
                        withDetails ? CoPurchaseIndex.detail(scores[i], support) : null));
            }
            return out;
        }
    }

    private static FeedComposer.RankedList ranked(ProductList l) {
        List<Recommendation> items = new ArrayList<>(l.getItems().size());
        for (FeedItem i : l.getItems()) items.add(new Recommendation(i.getProductId(), i.getCategoryId(), i.getScore(), i.getReason(), i.getDetail()));
        return new FeedComposer.RankedList(items, l.getAsOfMs());
    }

    /** The history a profile was published from, as the blend reads it. */
    static PurchaseHistory history(RetailerProfile p) {
        PurchaseHistory h = new PurchaseHistory();
        h.regionId = p.getRegionId();
        h.suspended = p.getSuspended();
        h.orderTimes.addAll(p.getOrderTimesMs());
        for (ProfileProduct product : p.getProducts()) {
            h.times.put(product.getProductId(), new ArrayList<>(product.getPurchaseTimesMs()));
            h.categories.put(product.getProductId(), product.getCategoryId());
        }
        return h;
    }

    /** Decodes what {@link #apply} checked decodes (the decoders are thread-safe). */
    private static <T> T decode(BinaryMessageDecoder<T> decoder, byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Map<String, Long> counts() {
        return Map.of("profiles", (long) profiles.size(), "also_bought", (long) alsoBought.size(), "trending", (long) trending.size(),
                "unavailable_products", (long) delisted.size(), "suspended_manufacturers", (long) suspendedManufacturers.size(),
                "records_applied", applied.get());
    }

    /** When a record was last applied (0: never). */
    public long lastAppliedMs() { return lastAppliedMs; }
}
