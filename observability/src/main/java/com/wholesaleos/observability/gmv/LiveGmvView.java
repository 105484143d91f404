package com.wholesaleos.observability.gmv;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.gmv.GmvDayTotal;
import com.wholesaleos.schemas.gmv.GmvMinute;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The current state of live GMV, read from the upsert topics: the latest value per window key wins. This is the
 * view {@code wos gmv} prints and the demo compares; it also measures freshness (commit → visible here).
 */
public final class LiveGmvView implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final BinaryMessageDecoder<GmvDayTotal> days = GmvDayTotal.createDecoder(ReleasedSchemas.store());
    private final BinaryMessageDecoder<GmvMinute> minutes = GmvMinute.createDecoder(ReleasedSchemas.store());
    private final Map<String, GmvDayTotal> dayTotals = new ConcurrentHashMap<>();
    private final Map<String, GmvMinute> minuteWindows = new ConcurrentHashMap<>();
    /** Per day, what the job received dated before its live horizon (backdated history), kept apart from the windows. */
    private final Map<String, GmvDayTotal> historyTotals = new ConcurrentHashMap<>();
    /** {commit time, commit → visible ms} per day-total update received while measuring. */
    private final List<long[]> freshness = Collections.synchronizedList(new ArrayList<>());
    private volatile long lastChangeNanos = System.nanoTime();
    private volatile boolean measureFreshness;
    private Thread follower;

    public LiveGmvView(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        // wos dlq replay writes corrections of closed windows (and their outcomes) in transactions: never read an aborted one.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PlatformTopic t : List.of(PlatformTopic.GMV_DAY, PlatformTopic.GMV_MINUTE, PlatformTopic.GMV_HISTORY)) {
            consumer.partitionsFor(t.topic()).forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** From now on, record commit → visible latency for each day-total update received. */
    public void measureFreshness() { measureFreshness = true; }

    public void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            long now = System.currentTimeMillis();
            String key = new String(r.key(), StandardCharsets.UTF_8);
            try {
                if (r.topic().equals(PlatformTopic.GMV_DAY.topic())) {
                    GmvDayTotal d = days.decode(r.value());
                    dayTotals.put(key, d);
                    if (measureFreshness) freshness.add(new long[] {d.getLastCommitTimeMs(), now - d.getLastCommitTimeMs()});
                } else if (r.topic().equals(PlatformTopic.GMV_HISTORY.topic())) {
                    historyTotals.put(key, days.decode(r.value()));
                } else {
                    minuteWindows.put(key, minutes.decode(r.value()));
                }
                lastChangeNanos = System.nanoTime();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("undecodable GMV record at " + r.topic() + "@" + r.offset(), e);
            }
        }
    }

    /** Keeps polling on a background thread until {@link #stopFollowing()}; the consumer is then used by that thread only. */
    public synchronized void startFollowing() {
        follower = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    poll(Duration.ofMillis(20));
                } catch (org.apache.kafka.common.errors.InterruptException e) {
                    return;
                }
            }
        }, "gmv-view");
        follower.setDaemon(true);
        follower.start();
    }

    public synchronized void stopFollowing() throws InterruptedException {
        if (follower == null) return;
        follower.interrupt();
        follower.join(5_000);
        follower = null;
    }

    /** Reads until the end of the topics as of now. */
    public void catchUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) poll(Duration.ofMillis(100));
    }

    /** Everything the job counted in a currency: day-to-date totals over every day seen, plus history received. */
    public BigDecimal total(String currency) {
        return java.util.stream.Stream.concat(dayTotals.values().stream(), historyTotals.values().stream())
                .filter(d -> d.getCurrency().equals(currency)).map(GmvDayTotal::getGmv)
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    public Map<String, GmvDayTotal> dayTotals() { return new TreeMap<>(dayTotals); }

    /** Per "day|currency", entries dated before the job's live horizon: history, counted by the warehouse, reported here. */
    public Map<String, GmvDayTotal> historyTotals() { return new TreeMap<>(historyTotals); }
    public Map<String, GmvMinute> minuteWindows() { return new TreeMap<>(minuteWindows); }

    /** Minute windows summed over region, category and segment: the GMV curve. */
    public TreeMap<Long, BigDecimal> perMinute(String currency) {
        TreeMap<Long, BigDecimal> out = new TreeMap<>();
        for (GmvMinute m : minuteWindows.values()) {
            if (m.getCurrency().equals(currency)) out.merge(m.getWindowStartMs(), m.getGmv(), BigDecimal::add);
        }
        return out;
    }

    /** Drops minute windows that start before the cutoff: a view that runs for days keeps only the recent ones. */
    public void forgetMinutesBefore(long cutoffMs) {
        minuteWindows.values().removeIf(m -> m.getWindowStartMs() < cutoffMs);
    }

    public long millisSinceLastChange() { return (System.nanoTime() - lastChangeNanos) / 1_000_000; }

    public List<Long> freshnessSamples() { return freshnessSamples(Long.MIN_VALUE, Long.MAX_VALUE); }

    /** Freshness of the updates whose change committed in [fromCommitMs, toCommitMs). */
    public List<Long> freshnessSamples(long fromCommitMs, long toCommitMs) {
        synchronized (freshness) {
            return freshness.stream().filter(f -> f[0] >= fromCommitMs && f[0] < toCommitMs).map(f -> f[1]).toList();
        }
    }

    public static long percentile(List<Long> samples, double p) {
        if (samples.isEmpty()) return -1;
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    @Override
    public void close() {
        try {
            stopFollowing();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
