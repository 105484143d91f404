package com.wholesaleos.platform.devtools;

import com.wholesaleos.feedapi.store.FeedLists;
import com.wholesaleos.recommend.FeedComposer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The feed API's store at a size no simulation here reaches: {@link SyntheticStore}'s Phase-4 profiles and lists,
 * applied as the compacted topics deliver them, in this JVM; the heap they hold, how fast they load and what a feed
 * blended from them at request time costs.
 */
final class FeedStoreFootprint {
    private FeedStoreFootprint() {}

    static Map<String, Object> measure(int retailers, int listSize, FeedComposer.Settings blend) throws Exception {
        List<SyntheticStore.Record> records = new ArrayList<>();
        new SyntheticStore(7, retailers, listSize).records(records::add);
        long encoded = records.stream().mapToLong(r -> r.value().length).sum();
        long before = usedHeap();
        FeedLists lists = new FeedLists(blend);
        long t0 = System.nanoTime();
        // A copy of each value, as each record read from Kafka is an array of its own.
        for (SyntheticStore.Record r : records) lists.apply(r.topic().topic(), r.keyBytes(), r.value().clone());
        double seconds = (System.nanoTime() - t0) / 1e9;
        long held = usedHeap() - before; // the records themselves were already on the heap before
        Random random = new Random(7);
        int reads = 20_000;
        long t1 = System.nanoTime();
        long items = 0;
        for (int i = 0; i < reads; i++) items += lists.feed(1 + random.nextInt(retailers)).orElseThrow().items().size();
        double blendMicros = (System.nanoTime() - t1) / 1e3 / reads;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("retailers", retailers);
        out.put("products_with_lists", SyntheticStore.PRODUCTS);
        out.put("list_size", listSize);
        out.put("records", records.size());
        out.put("encoded_mb", encoded / (1024 * 1024));
        out.put("heap_mb", held / (1024 * 1024));
        out.put("heap_bytes_per_retailer", held / retailers);
        out.put("load_records_per_second", Math.round(records.size() / seconds));
        out.put("blend_feed_micros", Math.round(blendMicros * 10) / 10.0);
        out.put("items_per_feed", Math.round(10.0 * items / reads) / 10.0);
        if (lists.counts().get("profiles") != retailers) throw new IllegalStateException("the store holds " + lists.counts() + ", not " + retailers + " profiles");
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
