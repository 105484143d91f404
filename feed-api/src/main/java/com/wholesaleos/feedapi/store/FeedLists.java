package com.wholesaleos.feedapi.store;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.reco.ProductList;
import com.wholesaleos.schemas.reco.RetailerFeed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;

/**
 * What the API serves: the latest feed per retailer, also-bought list per product and trending list per category and
 * region, in memory, each the last record of its key on the compacted topics (a tombstone removes it). Each is kept as
 * the record's own encoded bytes (Avro, about a quarter of the decoded object graph's heap: 100,000 feeds must fit the
 * API's heap at Phase 4) and decoded when served, which costs microseconds. One writer (the store's follower) applies
 * records, after checking they decode, while any number of request threads read.
 */
public final class FeedLists {
    private final Map<Long, byte[]> feeds = new ConcurrentHashMap<>();
    private final Map<Long, byte[]> alsoBought = new ConcurrentHashMap<>();
    /** "category|region" → list, kept in key order so a request reads it without sorting. */
    private final Map<String, byte[]> trending = new ConcurrentSkipListMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final BinaryMessageDecoder<RetailerFeed> feedDecoder;
    private final BinaryMessageDecoder<ProductList> listDecoder;
    private volatile long lastAppliedMs;

    public FeedLists() {
        SchemaStore released = ReleasedSchemas.store();
        feedDecoder = RetailerFeed.createDecoder(released);
        listDecoder = ProductList.createDecoder(released);
    }

    /** The topics the lists are made of. */
    public static final List<PlatformTopic> TOPICS = List.of(PlatformTopic.RECO_FEEDS, PlatformTopic.RECO_ALSO_BOUGHT, PlatformTopic.RECO_TRENDING);

    /** Applies one record of one of {@link #TOPICS}: its value replaces the key's list, a null value removes it. */
    public void apply(String topic, byte[] keyBytes, byte[] value) throws IOException {
        String key = keyBytes == null ? null : new String(keyBytes, StandardCharsets.UTF_8);
        if (PlatformTopic.RECO_FEEDS.topic().equals(topic)) {
            if (value == null) feeds.remove(Long.parseLong(key));
            else feeds.put(feedDecoder.decode(value).getRetailerId(), value);
        } else if (PlatformTopic.RECO_ALSO_BOUGHT.topic().equals(topic)) {
            if (value == null) alsoBought.remove(Long.parseLong(key));
            else alsoBought.put(Long.parseLong(listDecoder.decode(value).getKey()), value);
        } else if (PlatformTopic.RECO_TRENDING.topic().equals(topic)) {
            if (value == null) trending.remove(key);
            else trending.put(listDecoder.decode(value).getKey(), value);
        } else {
            throw new IllegalArgumentException("topic " + topic + " is not one the feed lists are made of");
        }
        applied.incrementAndGet();
        lastAppliedMs = System.currentTimeMillis();
    }

    public Optional<RetailerFeed> feed(long retailerId) {
        byte[] b = feeds.get(retailerId);
        return b == null ? Optional.empty() : Optional.of(decode(feedDecoder, b));
    }

    public Optional<ProductList> alsoBought(long productId) {
        byte[] b = alsoBought.get(productId);
        return b == null ? Optional.empty() : Optional.of(decode(listDecoder, b));
    }

    /** Trending lists of a category and/or region (null: any), by key. */
    public List<ProductList> trending(Long category, Long region) {
        List<ProductList> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : trending.entrySet()) {
            String[] k = e.getKey().split("\\|");
            if (category != null && !k[0].equals(category.toString())) continue;
            if (region != null && !k[1].equals(region.toString())) continue;
            out.add(decode(listDecoder, e.getValue()));
        }
        return out;
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
        return Map.of("feeds", (long) feeds.size(), "also_bought", (long) alsoBought.size(), "trending", (long) trending.size(), "records_applied", applied.get());
    }

    /** When a record was last applied (0: never). */
    public long lastAppliedMs() { return lastAppliedMs; }
}
