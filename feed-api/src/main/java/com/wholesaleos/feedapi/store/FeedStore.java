package com.wholesaleos.feedapi.store;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.reco.ProductList;
import com.wholesaleos.schemas.reco.RetailerFeed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving store: the latest feed per retailer, also-bought list per product and trending list per category and
 * region, in memory, materialized from the compacted topics. It is rebuilt from the beginning of the topics at every
 * start (a lost store is a restart), follows them while running, and is ready once it has read to where the topics
 * ended when it started. Reads never touch Kafka or a disk, so they cost a map lookup.
 */
public final class FeedStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedStore.class);
    private static final List<PlatformTopic> TOPICS = List.of(PlatformTopic.RECO_FEEDS, PlatformTopic.RECO_ALSO_BOUGHT, PlatformTopic.RECO_TRENDING);

    private final Map<Long, RetailerFeed> feeds = new ConcurrentHashMap<>();
    private final Map<Long, ProductList> alsoBought = new ConcurrentHashMap<>();
    /** "category|region" → list. */
    private final Map<String, ProductList> trending = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread follower;
    private volatile boolean ready;
    private volatile boolean closed;
    private volatile long lastAppliedMs;

    public FeedStore(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "wos-feed-api-store");
        consumer = new KafkaConsumer<>(p);
        follower = new Thread(this::follow, "feed-store");
        follower.setDaemon(true);
    }

    public FeedStore start() {
        follower.start();
        return this;
    }

    private void follow() {
        SchemaStore released = ReleasedSchemas.store();
        BinaryMessageDecoder<RetailerFeed> feedDecoder = RetailerFeed.createDecoder(released);
        BinaryMessageDecoder<ProductList> listDecoder = ProductList.createDecoder(released);
        try {
            List<TopicPartition> parts = new ArrayList<>();
            for (PlatformTopic t : TOPICS) consumer.partitionsFor(t.topic(), Duration.ofSeconds(60)).forEach(i -> parts.add(new TopicPartition(t.topic(), i.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> startedAt = consumer.endOffsets(parts);
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        apply(r, feedDecoder, listDecoder);
                    } catch (Exception e) {
                        // One bad record must not stall the store: it is skipped and named (the job's dead letters hold its cause).
                        LOG.warn("skipping {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                    }
                }
                if (!ready && parts.stream().allMatch(tp -> consumer.position(tp) >= startedAt.get(tp))) {
                    ready = true;
                    LOG.info("feed store loaded: {} feeds, {} also-bought lists, {} trending lists", feeds.size(), alsoBought.size(), trending.size());
                }
            }
        } catch (WakeupException e) {
            if (!closed) throw e;
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r, BinaryMessageDecoder<RetailerFeed> feedDecoder, BinaryMessageDecoder<ProductList> listDecoder)
            throws java.io.IOException {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        if (PlatformTopic.RECO_FEEDS.topic().equals(r.topic())) {
            if (r.value() == null) feeds.remove(Long.parseLong(key));
            else {
                RetailerFeed f = feedDecoder.decode(r.value());
                feeds.put(f.getRetailerId(), f);
            }
        } else if (PlatformTopic.RECO_ALSO_BOUGHT.topic().equals(r.topic())) {
            if (r.value() == null) alsoBought.remove(Long.parseLong(key));
            else {
                ProductList l = listDecoder.decode(r.value());
                alsoBought.put(Long.parseLong(l.getKey()), l);
            }
        } else {
            if (r.value() == null) trending.remove(key);
            else {
                ProductList l = listDecoder.decode(r.value());
                trending.put(l.getKey(), l);
            }
        }
        applied.incrementAndGet();
        lastAppliedMs = System.currentTimeMillis();
    }

    public boolean ready() { return ready; }

    public Optional<RetailerFeed> feed(long retailerId) { return Optional.ofNullable(feeds.get(retailerId)); }

    public Optional<ProductList> alsoBought(long productId) { return Optional.ofNullable(alsoBought.get(productId)); }

    /** Trending lists of a category and/or region (null: any), by key. */
    public List<ProductList> trending(Long category, Long region) {
        List<ProductList> out = new ArrayList<>();
        for (ProductList l : trending.values()) {
            String[] k = l.getKey().split("\\|");
            if (category != null && !k[0].equals(category.toString())) continue;
            if (region != null && !k[1].equals(region.toString())) continue;
            out.add(l);
        }
        out.sort(Comparator.comparing(ProductList::getKey));
        return out;
    }

    public Map<String, Long> counts() {
        return Map.of("feeds", (long) feeds.size(), "also_bought", (long) alsoBought.size(), "trending", (long) trending.size(), "records_applied", applied.get());
    }

    public long lastAppliedMs() { return lastAppliedMs; }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        follower.join(10_000);
    }
}
