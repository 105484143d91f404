package com.wholesaleos.feedapi.store;

import com.wholesaleos.schemas.PlatformTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving store: {@link FeedLists} materialized from the compacted topics. It is rebuilt from the beginning of the
 * topics at every start (a lost store is a restart), follows them while running, and is ready once it has read to where
 * the topics ended when it started. Reads never touch Kafka or a disk.
 */
public final class FeedStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedStore.class);

    private final FeedLists lists;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread follower;
    private volatile boolean ready;
    private volatile boolean closed;
    private volatile Throwable failure;
    private volatile long lagRecords = -1;
    private volatile long currentAtMs;

    public FeedStore(String bootstrap, com.wholesaleos.recommend.FeedComposer.Settings settings) {
        lists = new FeedLists(settings);
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
        try {
            List<TopicPartition> parts = new ArrayList<>();
            for (PlatformTopic t : FeedLists.TOPICS) consumer.partitionsFor(t.topic(), Duration.ofSeconds(60)).forEach(i -> parts.add(new TopicPartition(t.topic(), i.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> startedAt = consumer.endOffsets(parts);
            long lookedAt = 0;
            Map<TopicPartition, Long> lastEnds = null;
            while (!closed) {
                if (System.currentTimeMillis() - lookedAt >= 1_000) {
                    // Current as of the last look once everything the topics held then is applied (under steady
                    // traffic the lag is rarely exactly zero, yet the store is a second behind at most).
                    long now = System.currentTimeMillis();
                    if (lastEnds != null && lastEnds.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) currentAtMs = lookedAt;
                    lastEnds = consumer.endOffsets(parts);
                    long lag = 0;
                    for (Map.Entry<TopicPartition, Long> end : lastEnds.entrySet()) lag += Math.max(0, end.getValue() - consumer.position(end.getKey()));
                    lagRecords = lag;
                    if (lag == 0) currentAtMs = now;
                    lookedAt = now;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        lists.apply(r.topic(), r.key(), r.value());
                    } catch (Exception e) {
                        // One bad record must not stall the store: it is skipped and named (the job's dead letters hold its cause).
                        LOG.warn("skipping {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                    }
                }
                if (!ready && parts.stream().allMatch(tp -> consumer.position(tp) >= startedAt.get(tp))) {
                    ready = true;
                    LOG.info("feed store loaded: {}", lists.counts());
                }
            }
        } catch (WakeupException e) {
            if (!closed) stopped(e);
        } catch (Throwable t) {
            // Anything outside applying one record: the store can no longer follow its topics. /health says so (503).
            stopped(t);
        } finally {
            consumer.close();
        }
    }

    private void stopped(Throwable t) {
        failure = t;
        LOG.error("the feed store stopped following its topics; it serves what it holds, ageing, until restarted", t);
    }

    /** How current the store is, for /health. */
    public StoreHealth health() {
        long age = currentAtMs == 0 ? 0 : Math.max(0, System.currentTimeMillis() - currentAtMs);
        Throwable f = failure;
        boolean following = f == null && !closed && follower.isAlive();
        return new StoreHealth(ready, following, lagRecords, age, f == null ? null : f.toString());
    }

    public boolean ready() { return ready; }

    public FeedLists lists() { return lists; }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        follower.join(10_000);
    }
}
