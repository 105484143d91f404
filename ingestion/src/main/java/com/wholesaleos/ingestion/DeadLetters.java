package com.wholesaleos.ingestion;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.dlq.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Builds the dead-letter record for a change the capture could not convert: the reason, the database position, and
 * the raw change as Kafka Connect JSON with its schema (key and value), which {@link #rawChange} turns back into
 * the same record, so {@code wos dlq replay} can convert it again once the cause is fixed.
 */
final class DeadLetters {
    private static final JsonConverter VALUE_JSON = converter(false);
    private static final JsonConverter KEY_JSON = converter(true);

    private DeadLetters() {}

    private static JsonConverter converter(boolean isKey) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "true", "decimal.format", "BASE64"), isKey); // BASE64: decimals stay exact
        return c;
    }

    /** Connect JSON payloads start like this; older dead letters held a plain text rendering that cannot be replayed. */
    static boolean replayable(byte[] payload) {
        return payload != null && new String(payload, 0, Math.min(payload.length, 16), StandardCharsets.UTF_8).startsWith("{\"schema\"");
    }

    /** The captured change a dead letter holds, as the engine handed it over. */
    static SourceRecord rawChange(String topic, byte[] key, byte[] payload) {
        SchemaAndValue k = key == null ? SchemaAndValue.NULL : KEY_JSON.toConnectData(topic, key);
        SchemaAndValue v = VALUE_JSON.toConnectData(topic, payload);
        return new SourceRecord(Map.of(), Map.of(), topic, null, k.schema(), k.value(), v.schema(), v.value());
    }

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
                .setSourceTopic(record.topic())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(KEY_JSON.fromConnectData(record.topic(), record.keySchema(), record.key())))
                .setPayload(record.value() == null ? null : ByteBuffer.wrap(VALUE_JSON.fromConnectData(record.topic(), record.valueSchema(), record.value())))
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
