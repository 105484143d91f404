package com.wholesaleos.streaming.cdc;

import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes change-topic records into a job's facts. A record that cannot be decoded becomes a rejected fact with its
 * bytes and the reason, bound for the dead letters; every fact carries its source position, so one an operator cannot
 * process can be dead-lettered with it and replayed.
 */
public abstract class FactDeserializer<T> implements KafkaRecordDeserializationSchema<T> {
    /** The fact of one record, or null for a delete (nothing to learn). */
    protected abstract T decode(String topic, byte[] value) throws Exception;

    /** A fact standing for a record that cannot be decoded, holding its key, bytes and the reason. */
    protected abstract T rejected(ConsumerRecord<byte[], byte[]> record, String reason);

    /** Records where the fact came from. */
    protected abstract void locate(T fact, String topic, int partition, long offset);

    @Override
    public final void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        T fact;
        try {
            if (record.value() == null) throw new IllegalArgumentException("record has no value");
            fact = decode(record.topic(), record.value());
            if (fact == null) return;
        } catch (Exception e) {
            fact = rejected(record, "cannot decode a " + record.topic() + " record at offset " + record.offset() + ": " + e);
        }
        locate(fact, record.topic(), record.partition(), record.offset());
        out.collect(fact);
    }
}
