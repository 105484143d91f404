package com.wholesaleos.platform.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads one topic from given offsets to where it ends now, without a consumer group: what the evaluations and tests inspect. */
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

    /** Every record from {@code from} (by partition; the beginning where absent) to the topic's end as it is now. */
    public static void readToEnd(String bootstrap, String topic, Map<Integer, Long> from, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> parts = partitions(consumer, topic);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            for (TopicPartition tp : parts) if (from.containsKey(tp.partition())) consumer.seek(tp, from.get(tp.partition()));
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) each.accept(r);
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }
}
