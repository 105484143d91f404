package com.wholesaleos.platform.readme;

// README: consumer example (begin)
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.avro.Conversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads one topic of the platform from the beginning to its current end, prints each record decoded, returns how many decoded. */
public final class ReadmeConsumer {
    public static long printAll(String bootstrap, String topic, PrintStream out) throws Exception {
        // Values are Avro single-object encoded: 0xC3 0x01, the writer schema's 8-byte fingerprint, the binary record.
        // ReleasedSchemas.store() knows every released writer schema; the topic's current contract is the reader schema.
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion()); // decimals as exact BigDecimal
        var contract = Topics.named(topic).orElseThrow();
        var decoder = new BinaryMessageDecoder<GenericRecord>(model, contract.valueSchema(), ReleasedSchemas.store());
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed"); // corrections of closed GMV windows are written in transactions
        long read = 0;
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8); // contract.keyFormat()
                    try {
                        GenericRecord value = decoder.decode(r.value());
                        out.println(topic + " " + key + " " + value);
                        read++;
                    } catch (java.io.IOException | org.apache.avro.AvroRuntimeException e) {
                        out.println(topic + " " + key + " not a contract record: " + e.getMessage()); // wos.dlq has it too
                    }
                }
            }
        }
        return read;
    }
}
// README: consumer example (end)
