package com.wholesaleos.ingestion;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.dlq.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** Builds the dead-letter record for a change the capture could not convert: the reason, the database position, the raw change. */
final class DeadLetters {
    private DeadLetters() {}

    static ProducerRecord<byte[], byte[]> of(SourceRecord record, Exception error) {
        String position = "topic=" + record.topic() + " offset=" + record.sourceOffset();
        if (record.value() instanceof Struct v && v.schema().field("source") != null) {
            Struct s = v.getStruct("source");
            position = "table=" + s.get("table") + " lsn=" + s.get("lsn") + " txId=" + s.get("txId");
        }
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage("ingestion")
                .setReason(error.getMessage() == null ? error.toString() : error.getMessage())
                .setErrorClass(error.getClass().getName())
                .setSourcePosition(position)
                .setKey(record.key() == null ? null : ByteBuffer.wrap(String.valueOf(record.key()).getBytes(StandardCharsets.UTF_8)))
                .setPayload(record.value() == null ? null : ByteBuffer.wrap(String.valueOf(record.value()).getBytes(StandardCharsets.UTF_8)))
                .setFailedAtMs(System.currentTimeMillis())
                .build();
        try {
            ByteBuffer encoded = letter.toByteBuffer();
            byte[] value = new byte[encoded.remaining()];
            encoded.get(value);
            byte[] key = position.getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(PlatformTopic.DEAD_LETTER.topic(), key, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
