package com.wholesaleos.riskdesk;

import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.dlq.DeadLetter;
import com.wholesaleos.schemas.fraud.FraudAlert;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert desk stage: reads wos.fraud.alerts and applies each alert to the risk store. Exactly once in effect:
 * the position read up to is committed in the same database transaction as the alerts it covers, and reading resumes
 * from there, so a crash between the two cannot apply an alert twice or skip one. A record that cannot be decoded is
 * dead-lettered with the reason and skipped.
 */
public final class AlertDesk implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDesk.class);
    public static final StageDeclaration DECLARATION = WosStages.RISK_DESK;

    private final WosConfig config;
    private final AlertStore store;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public AlertDesk(WosConfig config) {
        this.config = config;
        this.store = new AlertStore(MarketplaceDatabase.from(config));
    }

    public void run() throws Exception {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, DECLARATION.consumerGroup());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        BinaryMessageDecoder<FraudAlert> decoder = FraudAlert.createDecoder(ReleasedSchemas.store());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c); KafkaProducer<byte[], byte[]> deadLetters = new KafkaProducer<>(p)) {
            String topic = PlatformTopic.FRAUD_ALERTS.topic();
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofMinutes(1)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            Map<Integer, Long> positions = store.positions();
            for (TopicPartition tp : partitions) {
                Long next = positions.get(tp.partition());
                if (next == null) consumer.seekToBeginning(List.of(tp)); else consumer.seek(tp, next);
            }
            LOG.info("Alert desk applying {} from {}", topic, positions.isEmpty() ? "the beginning" : positions);
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) continue;
                List<FraudAlert> alerts = new ArrayList<>();
                Map<Integer, Long> next = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    next.put(r.partition(), r.offset() + 1);
                    try {
                        alerts.add(decoder.decode(r.value()));
                    } catch (Exception e) {
                        deadLetters.send(deadLetter(r, e)).get();
                    }
                }
                store.apply(alerts, next);
            }
        }
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, Exception e) throws java.io.IOException {
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage(DECLARATION.name())
                .setReason("cannot decode a " + r.topic() + " record at offset " + r.offset() + ": " + e)
                .setErrorClass(e.getClass().getName())
                .setSourceTopic(r.topic())
                .setSourcePartition(r.partition())
                .setSourceOffset(r.offset())
                .setKey(r.key() == null ? null : ByteBuffer.wrap(r.key()))
                .setPayload(r.value() == null ? null : ByteBuffer.wrap(r.value()))
                .setFailedAtMs(System.currentTimeMillis())
                .build();
        ByteBuffer b = letter.toByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new ProducerRecord<>(PlatformTopic.DEAD_LETTER.topic(), r.key(), bytes);
    }

    @Override
    public void close() { running.set(false); }

    /** Entry point of the alert desk JVM: {@code --config <resolved.properties>}. */
    public static void main(String[] args) throws Exception {
        AlertDesk desk = new AlertDesk(StageLaunch.configuration(args, "AlertDesk"));
        Runtime.getRuntime().addShutdownHook(new Thread(desk::close));
        desk.run();
    }
}
