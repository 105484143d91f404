package com.wholesaleos.platform.launcher;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.dlq.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Tells the operator of {@code wos up} when dead letters arrive: a line each, at most a few per interval, then a count. */
final class DeadLetterWatch implements AutoCloseable {
    private static final int LINES_PER_INTERVAL = 3;
    private static final long INTERVAL_MS = 10_000;
    private final Thread thread;
    private volatile boolean stop;

    private DeadLetterWatch(String bootstrap, Consumer<String> log) {
        thread = new Thread(() -> follow(bootstrap, log), "dead-letter-watch");
        thread.setDaemon(true);
    }

    static DeadLetterWatch start(String bootstrap, Consumer<String> log) {
        DeadLetterWatch w = new DeadLetterWatch(bootstrap, log);
        w.thread.start();
        return w;
    }

    private void follow(String bootstrap, Consumer<String> log) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        BinaryMessageDecoder<DeadLetter> decoder = DeadLetter.createDecoder(ReleasedSchemas.store());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(PlatformTopic.DEAD_LETTER.topic()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(tps);
            c.seekToEnd(tps); // only what arrives while this platform runs
            long intervalStart = System.currentTimeMillis();
            int shown = 0;
            int suppressed = 0;
            while (!stop) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    if (shown < LINES_PER_INTERVAL) {
                        String reason;
                        try {
                            DeadLetter d = decoder.decode(r.value());
                            reason = d.getStage() + ": " + d.getReason();
                        } catch (Exception e) {
                            reason = "undecodable dead letter at offset " + r.offset();
                        }
                        log.accept("dead letter (" + PlatformTopic.DEAD_LETTER.topic() + "@" + r.offset() + ") from " + reason);
                        shown++;
                    } else {
                        suppressed++;
                    }
                }
                long now = System.currentTimeMillis();
                if (now - intervalStart >= INTERVAL_MS) {
                    if (suppressed > 0) log.accept(suppressed + " more dead letters in the last " + INTERVAL_MS / 1000 + " s (wos dlq list)");
                    intervalStart = now;
                    shown = 0;
                    suppressed = 0;
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            if (!stop) log.accept("dead-letter watch stopped: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
