package com.wholesaleos.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one topic to where it ends now, without a consumer group or commits, committed transactions only (corrections
 * written in transactions are never seen half-made): the dead-letter inbox and replayer, the rule history, the
 * evaluations and the health page all read topics this way.
 */
public final class TopicReader {
    private TopicReader() {}

    /** The topic's end offsets now, by partition: where a reading that starts now begins. */
    public static Map<Integer, Long> endOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            Map<Integer, Long> out = new TreeMap<>();
            consumer.endOffsets(partitions(consumer, topic)).forEach((tp, end) -> out.put(tp.partition(), end));
            return out;
        }
    }

    /** How many records the topic holds now (end minus beginning, summed over partitions). */
    public static long size(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> parts = partitions(consumer, topic);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
            long n = 0;
            for (var e : consumer.endOffsets(parts).entrySet()) n += e.getValue() - begin.get(e.getKey());
            return n;
        }
    }

    /** Every record from the beginning to the topic's end as it is now, with its id ({@code partition-offset}). */
    public static void readAll(String bootstrap, String topic, BiConsumer<String, ConsumerRecord<byte[], byte[]>> each) {
        readToEnd(bootstrap, topic, Map.of(), r -> each.accept(r.partition() + "-" + r.offset(), r));
    }

    /** Every record from {@code from} (by partition; the beginning where absent) to the topic's end as it is now. */
    public static void readToEnd(String bootstrap, String topic, Map<Integer, Long> from, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> parts = partitions(consumer, topic);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            for (TopicPartition tp : parts) if (from.containsKey(tp.partition())) consumer.seek(tp, from.get(tp.partition()));
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) each.accept(r);
            }
        }
    }

    /**
     * The last {@code perPartition} records of each partition, reading for at most {@code within} (a page that shows them
     * must answer even when the broker is slow). Returns whether it read all of them.
     */
    public static boolean readLatest(String bootstrap, String topic, int perPartition, Duration within, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> parts = partitions(consumer, topic);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            consumer.assign(parts);
            for (TopicPartition tp : parts) consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - perPartition));
            long deadline = System.nanoTime() + within.toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() >= deadline) return false;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) each.accept(r);
            }
            return true;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }
}
