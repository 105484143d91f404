package com.wholesaleos.streaming.sink;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.dlq.DeadLetter;
import com.wholesaleos.streaming.cdc.RejectedRecord;
import java.nio.ByteBuffer;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Rejected records to the dead-letter topic's Avro contract. */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<RejectedRecord> {
    @Override
    public ProducerRecord<byte[], byte[]> serialize(RejectedRecord r, KafkaSinkContext context, Long timestamp) {
        try {
            DeadLetter letter = DeadLetter.newBuilder()
                    .setStage(r.stage)
                    .setReason(r.reason)
                    .setErrorClass(r.errorClass)
                    .setSourceTopic(r.topic)
                    .setSourcePartition(r.partition < 0 ? null : r.partition)
                    .setSourceOffset(r.offset < 0 ? null : r.offset)
                    .setKey(r.key == null ? null : ByteBuffer.wrap(r.key))
                    .setPayload(r.payload == null ? null : ByteBuffer.wrap(r.payload))
                    .setFailedAtMs(r.failedAtMs)
                    .build();
            return new ProducerRecord<>(PlatformTopic.DEAD_LETTER.topic(), r.key, AvroValue.bytes(letter.toByteBuffer()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
