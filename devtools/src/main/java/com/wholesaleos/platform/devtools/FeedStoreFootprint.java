package com.wholesaleos.platform.devtools;

import com.wholesaleos.feedapi.store.FeedLists;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.reco.RetailerFeed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The feed API's store at a size no simulation here reaches: {@code feeds} retailers' feeds of {@code items} items each
 * ({@link SyntheticFeeds}), applied as the compacted topic delivers them, in this JVM; the heap they hold and how fast
 * they load.
 */
final class FeedStoreFootprint {
    private FeedStoreFootprint() {}

    static Map<String, Object> measure(int feeds, int items) throws Exception {
        SyntheticFeeds synthetic = new SyntheticFeeds(7, items);
        List<byte[]> records = new ArrayList<>(feeds);
        for (int r = 1; r <= feeds; r++) records.add(synthetic.feed(r));
        Random random = new Random(7);
        long encoded = records.stream().mapToLong(x -> x.length).sum();
        long before = usedHeap();
        FeedLists lists = new FeedLists();
        long t0 = System.nanoTime();
        for (int r = 0; r < feeds; r++) {
            // A copy, as each record read from Kafka is an array of its own.
            lists.apply(PlatformTopic.RECO_FEEDS.topic(), Integer.toString(r + 1).getBytes(StandardCharsets.UTF_8), records.get(r).clone());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long held = usedHeap() - before; // the records themselves were already on the heap before
        // The same feeds as decoded objects, as the store held them before: the comparison.
        long beforeDecoded = usedHeap();
        List<RetailerFeed> decoded = new ArrayList<>(feeds);
        for (byte[] record : records) decoded.add(RetailerFeed.getDecoder().decode(record));
        long decodedHeld = usedHeap() - beforeDecoded;
        if (decoded.size() != feeds) throw new IllegalStateException("decoded " + decoded.size());
        long t1 = System.nanoTime();
        int reads = 100_000;
        for (int i = 0; i < reads; i++) lists.feed(1 + random.nextInt(feeds)).orElseThrow();
        double readMicros = (System.nanoTime() - t1) / 1e3 / reads;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("feeds", feeds);
        out.put("items_per_feed", items);
        out.put("encoded_bytes_per_feed", encoded / feeds);
        out.put("heap_mb", held / (1024 * 1024));
        out.put("heap_bytes_per_feed", held / feeds);
        out.put("decoded_objects_heap_bytes_per_feed", decodedHeld / feeds);
        out.put("load_feeds_per_second", Math.round(feeds / seconds));
        out.put("read_decode_micros", Math.round(readMicros * 10) / 10.0);
        if (lists.counts().get("feeds") != feeds) throw new IllegalStateException("the store holds " + lists.counts() + ", not " + feeds + " feeds");
        return out;
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
