package com.wholesaleos.ingestion;

import com.wholesaleos.topics.TopicReader;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.dlq.DeadLetter;
import com.wholesaleos.schemas.dlq.DeadLetterReplay;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * {@code wos dlq replay}: feeds dead letters in again once their cause is fixed, as a one-shot stage on the
 * capture's classpath (it converts with the same converter and configuration as the capture).
 * <ul>
 *   <li>A change the capture could not convert is converted again from its raw form and written to its change
 *       topic with its original LSN and commit time, so live GMV counts it in the minute it happened.</li>
 *   <li>A record a job rejected is handed back to that job: its original bytes are written again to the topic it
 *       came from (jobs de-duplicate by LSN, so this never counts twice).</li>
 * </ul>
 * What still fails stays in the dead-letter topic; the outcome and the attempt count of each go to
 * {@code wos.dlq.replays}, keyed by the dead letter's id, so a second replay skips what already went through.
 */
public final class DeadLetterReplayer {
    public record Filter(Long sinceMs, String reasonContains, String stage, String id) {
        boolean matches(String letterId, DeadLetter d) {
            return (sinceMs == null || d.getFailedAtMs() >= sinceMs) && (reasonContains == null || d.getReason().contains(reasonContains))
                    && (stage == null || stage.equals(d.getStage())) && (id == null || id.equals(letterId));
        }
    }

    public record Summary(int replayed, int resubmitted, int failed, int skipped) {}

    private final WosConfig config;
    private final ChangeEventConverter converter;
    private final PrintStream out;

    public DeadLetterReplayer(WosConfig config, PrintStream out) {
        this.config = config;
        this.converter = new ChangeEventConverter(ChangeEventConverter.parseAliases(config.get(WosSettings.CDC_COLUMN_ALIASES)));
        this.out = out;
    }

    public Summary run(Filter filter) {
        Map<String, State> states = new LinkedHashMap<>();
        BinaryMessageDecoder<DeadLetterReplay> stateDecoder =
                DeadLetterReplay.createDecoder(ReleasedSchemas.store());
        readAll(PlatformTopic.DEAD_LETTER_REPLAYS.topic(), (id, r) -> {
            try {
                var s = stateDecoder.decode(r.value());
                states.put(s.getDeadLetterId(), new State(s.getState(), s.getAttempts()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        BinaryMessageDecoder<DeadLetter> decoder = DeadLetter.createDecoder(ReleasedSchemas.store());
        Map<String, DeadLetter> letters = new LinkedHashMap<>();
        readAll(PlatformTopic.DEAD_LETTER.topic(), (id, r) -> {
            try {
                letters.put(id, decoder.decode(r.value()));
            } catch (IOException e) {
                out.println("skipping undecodable dead letter " + id + ": " + e.getMessage());
            }
        });
        int replayed = 0, resubmitted = 0, failed = 0, skipped = 0;
        Map<String, DeadLetter> late = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(); KafkaConsumer<byte[], byte[]> reader = consumer()) {
            for (var e : letters.entrySet()) {
                String id = e.getKey();
                DeadLetter d = e.getValue();
                State before = states.get(id);
                if (!filter.matches(id, d) || (before != null && before.done())) {
                    skipped++;
                    continue;
                }
                if (ClosedWindowCorrections.TYPE.equals(d.getErrorClass())) { // applied together below, in one transaction
                    late.put(id, d);
                    continue;
                }
                int attempt = before == null ? 1 : before.attempts() + 1;
                String state;
                String error = null;
                String target = null;
                try {
                    ProducerRecord<byte[], byte[]> again = "ingestion".equals(d.getStage()) ? reconverted(d) : resubmitted(reader, d);
                    producer.send(again).get();
                    target = again.topic();
                    state = "ingestion".equals(d.getStage()) ? "replayed" : "resubmitted";
                } catch (Exception ex) {
                    Throwable cause = ex instanceof java.util.concurrent.ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
                    state = "failed";
                    error = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                }
                var outcome = DeadLetterReplay.newBuilder().setDeadLetterId(id).setState(state).setAttempts(attempt)
                        .setLastError(error).setTargetTopic(target).setReplayedAtMs(System.currentTimeMillis()).build();
                try {
                    producer.send(new ProducerRecord<>(PlatformTopic.DEAD_LETTER_REPLAYS.topic(), id.getBytes(StandardCharsets.UTF_8), bytes(outcome.toByteBuffer()))).get();
                } catch (Exception ex) {
                    throw new IllegalStateException("cannot record the outcome of dead letter " + id, ex);
                }
                out.printf("%-10s %-11s attempt %d  %s%s%n", id, state, attempt, d.getStage() + ": " + d.getReason(),
                        error == null ? " -> " + target : "\n           still failing: " + error);
                switch (state) {
                    case "replayed" -> replayed++;
                    case "resubmitted" -> resubmitted++;
                    default -> failed++;
                }
            }
        }
        if (!late.isEmpty()) {
            Map<String, Integer> attempts = new LinkedHashMap<>();
            late.keySet().forEach(id -> attempts.put(id, states.containsKey(id) ? states.get(id).attempts() + 1 : 1));
            try {
                new ClosedWindowCorrections(config).apply(late, attempts);
                replayed += late.size();
                late.forEach((id, d) -> out.printf("%-10s %-11s attempt %d  %s -> added to its closed window%n", id, "replayed", attempts.get(id),
                        d.getStage() + ": " + d.getReason()));
            } catch (Exception ex) {
                failed += late.size();
                out.println("could not add " + late.size() + " late GMV entries to their closed windows: " + ex.getMessage());
            }
        }
        return new Summary(replayed, resubmitted, failed, skipped);
    }

    private record State(String state, int attempts) {
        boolean done() { return "replayed".equals(state) || "resubmitted".equals(state); }
    }

    /** Converts the raw change again, now that its cause is fixed (new contract, column alias): same LSN, same commit time. */
    private ProducerRecord<byte[], byte[]> reconverted(DeadLetter d) {
        byte[] payload = d.getPayload() == null ? null : bytes(d.getPayload());
        if (!DeadLetters.replayable(payload) || d.getSourceTopic() == null) {
            throw new IllegalStateException("this dead letter does not hold its raw change (written before dead letters became replayable)");
        }
        SourceRecord raw = DeadLetters.rawChange(d.getSourceTopic(), d.getKey() == null ? null : bytes(d.getKey()), payload);
        ChangeEventConverter.Converted c = converter.convert(raw);
        return new ProducerRecord<>(c.topic().topic(), null, ChangeCaptureService.sourceTimestamp(raw), c.key(), c.value());
    }

    /** The record a job rejected, read again from its position and written again to the same topic. */
    private static ProducerRecord<byte[], byte[]> resubmitted(KafkaConsumer<byte[], byte[]> reader, DeadLetter d) {
        if (d.getSourceTopic() == null || d.getSourceOffset() == null || d.getSourceOffset() < 0) {
            throw new IllegalStateException("no source record to hand back (" + d.getStage() + " rejected a value it computed, not a record it read)");
        }
        TopicPartition tp = new TopicPartition(d.getSourceTopic(), d.getSourcePartition() == null ? 0 : d.getSourcePartition());
        reader.assign(List.of(tp));
        reader.seek(tp, d.getSourceOffset());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                if (r.offset() == d.getSourceOffset()) return new ProducerRecord<>(r.topic(), null, r.timestamp(), r.key(), r.value());
                if (r.offset() > d.getSourceOffset()) break;
            }
        }
        throw new IllegalStateException("record " + tp + "@" + d.getSourceOffset() + " is no longer on its topic");
    }

    private void readAll(String topic, BiConsumer<String, ConsumerRecord<byte[], byte[]>> each) { TopicReader.readAll(config.kafkaBootstrap(), topic, each); }

    private KafkaConsumer<byte[], byte[]> consumer() { return consumer(config); }

    /** A consumer of whole topics: no group, no commits, committed transactions only. */
    static KafkaConsumer<byte[], byte[]> consumer(WosConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** {@code --config FILE [--since ISO-INSTANT] [--reason TEXT] [--stage NAME] [--id P-O]}; exit 1 when something still fails. */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !a.containsKey("config")) {
            System.err.println("usage: DeadLetterReplayer --config FILE [--since ISO-INSTANT] [--reason TEXT] [--stage NAME] [--id PARTITION-OFFSET]");
            System.exit(2);
        }
        WosConfig config = WosConfig.load(Path.of(a.get("config")), Map.of());
        Filter filter = new Filter(a.containsKey("since") ? Instant.parse(a.get("since")).toEpochMilli() : null, a.get("reason"), a.get("stage"), a.get("id"));
        Summary s = new DeadLetterReplayer(config, System.out).run(filter);
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("replayed", s.replayed())
                .put("resubmitted", s.resubmitted()).put("failed", s.failed()).put("skipped", s.skipped());
        System.out.println(summary); // the last line, read by wos dlq replay
        System.exit(s.failed() > 0 ? 1 : 0);
    }
}
