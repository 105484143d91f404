package com.wholesaleos.ingestion;

import com.wholesaleos.topics.TopicReader;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.dlq.DeadLetter;
import com.wholesaleos.schemas.dlq.DeadLetterReplay;
import com.wholesaleos.schemas.dlq.LateGmvEntry;
import org.apache.avro.message.BinaryMessageDecoder;
import com.wholesaleos.schemas.gmv.GmvDayTotal;
import com.wholesaleos.schemas.gmv.GmvMinute;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * GMV entries the live job refused because their window had closed (older than the allowed lateness: a backdated
 * change, a replay of an old dead letter) are added to the window's last published value. The job no longer writes
 * a closed window, so this is its only writer; the new values and the dead letters' outcomes are written in one Kafka
 * transaction, so an entry is added once even if this process dies midway.
 */
final class ClosedWindowCorrections {
    /** The error class of the dead letters this applies: their payload is a {@link LateGmvEntry}. */
    static final String TYPE = LateGmvEntry.getClassSchema().getFullName();
    private final WosConfig config;
    private final BinaryMessageDecoder<LateGmvEntry> entryDecoder = LateGmvEntry.createDecoder(ReleasedSchemas.store());
    private final BinaryMessageDecoder<GmvMinute> minuteDecoder = GmvMinute.createDecoder(ReleasedSchemas.store());
    private final BinaryMessageDecoder<GmvDayTotal> dayDecoder = GmvDayTotal.createDecoder(ReleasedSchemas.store());

    ClosedWindowCorrections(WosConfig config) { this.config = config; }

    void apply(Map<String, DeadLetter> late, Map<String, Integer> attempts) throws Exception {
        Map<String, LateGmvEntry> entries = new LinkedHashMap<>();
        for (var e : late.entrySet()) entries.put(e.getKey(), entryDecoder.decode(bytes(e.getValue().getPayload())));
        Map<String, GmvMinute> minutes = new HashMap<>();
        Map<String, GmvDayTotal> days = new HashMap<>();
        Set<String> minuteKeys = new java.util.HashSet<>();
        Set<String> dayKeys = new java.util.HashSet<>();
        entries.values().forEach(j -> (minute(j) ? minuteKeys : dayKeys).add(j.getKey()));
        readLatest(PlatformTopic.GMV_MINUTE.topic(), minuteKeys, (k, v) -> minutes.put(k, minuteDecoder.decode(v)));
        readLatest(PlatformTopic.GMV_DAY.topic(), dayKeys, (k, v) -> days.put(k, dayDecoder.decode(v)));
        long now = System.currentTimeMillis();
        for (LateGmvEntry j : entries.values()) {
            String key = j.getKey();
            BigDecimal amount = j.getAmount();
            long trigger = j.getTriggerCommitTimeMs();
            if (minute(j)) {
                GmvMinute m = minutes.get(key);
                if (m == null) {
                    long start = j.getEventTimeMs() / 60_000 * 60_000;
                    m = GmvMinute.newBuilder().setWindowStartMs(start).setRegionId(j.getRegionId()).setCategoryId(j.getCategoryId())
                            .setRetailerSegment(j.getSegment()).setCurrency(j.getCurrency()).setGmv(BigDecimal.ZERO.setScale(2))
                            .setEntries(0).setLastCommitTimeMs(0).setEmittedAtMs(now).build();
                }
                m.setGmv(m.getGmv().add(amount));
                m.setEntries(m.getEntries() + 1);
                m.setLastCommitTimeMs(Math.max(m.getLastCommitTimeMs(), trigger));
                m.setEmittedAtMs(now);
                minutes.put(key, m);
            } else {
                GmvDayTotal d = days.get(key);
                if (d == null) {
                    d = GmvDayTotal.newBuilder().setDay(key.split("\\|")[0]).setCurrency(j.getCurrency()).setGmv(BigDecimal.ZERO.setScale(2))
                            .setEntries(0).setLastCommitTimeMs(0).setEmittedAtMs(now).build();
                }
                d.setGmv(d.getGmv().add(amount));
                d.setEntries(d.getEntries() + 1);
                d.setLastCommitTimeMs(Math.max(d.getLastCommitTimeMs(), trigger));
                d.setEmittedAtMs(now);
                days.put(key, d);
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String k : minuteKeys) producer.send(new ProducerRecord<>(PlatformTopic.GMV_MINUTE.topic(), key(k), bytes(minutes.get(k).toByteBuffer())));
            for (String k : dayKeys) producer.send(new ProducerRecord<>(PlatformTopic.GMV_DAY.topic(), key(k), bytes(days.get(k).toByteBuffer())));
            for (var e : late.entrySet()) {
                DeadLetterReplay outcome = DeadLetterReplay.newBuilder().setDeadLetterId(e.getKey()).setState("replayed")
                        .setAttempts(attempts.get(e.getKey())).setLastError(null)
                        .setTargetTopic(minute(entries.get(e.getKey())) ? PlatformTopic.GMV_MINUTE.topic() : PlatformTopic.GMV_DAY.topic())
                        .setReplayedAtMs(now).build();
                producer.send(new ProducerRecord<>(PlatformTopic.DEAD_LETTER_REPLAYS.topic(), key(e.getKey()), bytes(outcome.toByteBuffer())));
            }
            producer.commitTransaction();
        }
    }

    private static boolean minute(LateGmvEntry e) { return "MINUTE".equals(e.getWindow()); }

    private interface Decoded { void accept(String key, byte[] value) throws IOException; }

    /** The latest value of each wanted key on a compacted upsert topic (read to its end). */
    private void readLatest(String topic, Set<String> wanted, Decoded each) throws IOException {
        if (wanted.isEmpty()) return;
        Map<String, byte[]> latest = new HashMap<>();
        TopicReader.readAll(config.kafkaBootstrap(), topic, (id, r) -> {
            String k = new String(r.key(), StandardCharsets.UTF_8);
            if (wanted.contains(k)) latest.put(k, r.value());
        });
        for (var e : latest.entrySet()) each.accept(e.getKey(), e.getValue());
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "wos-dlq-replay"); // one replay at a time: a second fences the first
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] key(String k) { return k.getBytes(StandardCharsets.UTF_8); }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
