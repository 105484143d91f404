package com.wholesaleos.streaming.gmv;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.streaming.sink.AvroValue;
import com.wholesaleos.schemas.gmv.GmvDayTotal;
import com.wholesaleos.schemas.gmv.GmvMinute;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** GMV window values to their Avro contracts: minute windows to wos.gmv.minute, day totals to wos.gmv.day, history totals to wos.gmv.history, keyed by window. */
public final class GmvRecordSerializer implements KafkaRecordSerializationSchema<GmvWindowValue> {
    @Override
    public ProducerRecord<byte[], byte[]> serialize(GmvWindowValue v, KafkaSinkContext context, Long timestamp) {
        try {
            long now = System.currentTimeMillis();
            ByteBuffer value;
            String topic;
            if (GmvWindow.MINUTE.name().equals(v.window)) {
                topic = PlatformTopic.GMV_MINUTE.topic();
                value = GmvMinute.newBuilder().setWindowStartMs(v.windowStartMs).setRegionId(v.regionId).setCategoryId(v.categoryId)
                        .setRetailerSegment(v.segment).setCurrency(v.currency).setGmv(v.gmv).setEntries(v.entries)
                        .setLastCommitTimeMs(v.lastCommitTimeMs).setEmittedAtMs(now).build().toByteBuffer();
            } else {
                // A day's live total, or its history total (entries dated before the live horizon): the same contract.
                topic = GmvWindowFunction.HISTORY.equals(v.window) ? PlatformTopic.GMV_HISTORY.topic() : PlatformTopic.GMV_DAY.topic();
                value = GmvDayTotal.newBuilder().setDay(GmvWindow.day(v.windowStartMs)).setCurrency(v.currency).setGmv(v.gmv)
                        .setEntries(v.entries).setLastCommitTimeMs(v.lastCommitTimeMs).setEmittedAtMs(now).build().toByteBuffer();
            }
            return new ProducerRecord<>(topic, null, v.lastCommitTimeMs, v.key.getBytes(StandardCharsets.UTF_8), AvroValue.bytes(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
