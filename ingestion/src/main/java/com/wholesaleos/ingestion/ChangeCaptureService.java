package com.wholesaleos.ingestion;

import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.schemas.ChangeTopic;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures every change of the core service's tables with the Debezium PostgreSQL connector (pgoutput):
 * a snapshot on first start, then streaming. Each change goes to its table's topic in Avro, or to the
 * dead-letter topic with the reason. A batch's position is marked processed only after Kafka has
 * acknowledged every record of it, so a restart may replay (at-least-once) but never skips.
 */
public final class ChangeCaptureService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeCaptureService.class);

    private static final String HEARTBEAT_PREFIX = "__wos-heartbeat";
    private final WosConfig config;
    private final ChangeEventConverter converter;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong captured = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private Thread engineThread;

    public ChangeCaptureService(WosConfig config) {
        this.config = config;
        this.converter = new ChangeEventConverter(ChangeEventConverter.parseAliases(config.get(WosSettings.CDC_COLUMN_ALIASES)));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, config.get(WosSettings.PRODUCER_LINGER_MS));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "wos-ingestion");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    Properties debeziumProperties() {
        Path dir = config.dataDir().resolve("ingestion");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
        Properties p = new Properties();
        p.setProperty("name", "wos-change-capture");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        p.setProperty("offset.storage.file.filename", dir.resolve("offsets.dat").toString());
        p.setProperty("offset.flush.interval.ms", String.valueOf(config.get(WosSettings.CDC_OFFSET_FLUSH_MS)));
        p.setProperty("database.hostname", config.get(WosSettings.POSTGRES_HOST));
        p.setProperty("database.port", String.valueOf(config.get(WosSettings.POSTGRES_PORT)));
        p.setProperty("database.user", config.get(WosSettings.POSTGRES_USER));
        p.setProperty("database.password", config.get(WosSettings.POSTGRES_PASSWORD));
        p.setProperty("database.dbname", config.get(WosSettings.POSTGRES_DATABASE));
        p.setProperty("topic.prefix", "wos");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", config.get(WosSettings.CDC_SLOT));
        p.setProperty("publication.name", config.get(WosSettings.CDC_PUBLICATION));
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list",
                Arrays.stream(ChangeTopic.values()).map(t -> "public." + t.table()).collect(Collectors.joining(",")));
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("decimal.handling.mode", "precise");
        int batch = config.get(WosSettings.CDC_MAX_BATCH);
        p.setProperty("max.batch.size", String.valueOf(batch));
        p.setProperty("max.queue.size", String.valueOf(batch * 4));
        p.setProperty("poll.interval.ms", String.valueOf(config.get(WosSettings.CDC_POLL_MS)));
        p.setProperty("heartbeat.interval.ms", String.valueOf(config.get(WosSettings.CDC_HEARTBEAT_MS)));
        p.setProperty("topic.heartbeat.prefix", HEARTBEAT_PREFIX);
        return p;
    }

    /** Starts the engine on its own thread. */
    public void start() {
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(debeziumProperties())
                .notifying(this::handleBatch)
                .using((success, message, error) -> {
                    if (!success) {
                        failure.compareAndSet(null, error != null ? error : new IllegalStateException(message));
                        LOG.error("Change capture stopped: {}", message, error);
                    }
                    stopped.countDown();
                })
                .build();
        engineThread = new Thread(engine, "debezium-engine");
        engineThread.start();
        Thread reporter = new Thread(this::report, "capture-progress");
        reporter.setDaemon(true);
        reporter.start();
    }

    private void report() {
        long last = 0;
        while (stopped.getCount() > 0) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                return;
            }
            long now = captured.get();
            LOG.info("captured {} change events ({}/s over the last 10 s), {} dead-lettered", now, (now - last) / 10, deadLettered.get());
            last = now;
        }
    }

    void handleBatch(List<RecordChangeEvent<SourceRecord>> batch, DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (RecordChangeEvent<SourceRecord> event : batch) {
            SourceRecord record = event.record();
            if (record.value() == null) continue; // tombstones are off
            if (record.topic().startsWith(HEARTBEAT_PREFIX)) continue; // only moves the position, marked processed below
            ProducerRecord<byte[], byte[]> out;
            try {
                ChangeEventConverter.Converted c = converter.convert(record);
                out = new ProducerRecord<>(c.topic().topic(), null, sourceTimestamp(record), c.key(), c.value());
                captured.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.warn("Dead-lettering a change: {}", e.getMessage());
                out = DeadLetters.of(record, e);
                deadLettered.incrementAndGet();
            }
            sends.add(producer.send(out));
        }
        for (Future<RecordMetadata> f : sends) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // Not marking the batch processed: the engine stops and a restart replays it.
                throw new IllegalStateException("Kafka did not acknowledge a change event", e.getCause());
            }
        }
        for (RecordChangeEvent<SourceRecord> event : batch) committer.markProcessed(event);
        committer.markBatchFinished();
    }

    /** The Kafka record timestamp is the commit time, so topic time and event time agree. */
    static Long sourceTimestamp(SourceRecord r) {
        if (r.value() instanceof org.apache.kafka.connect.data.Struct v && v.schema().field("source") != null) {
            Object ts = v.getStruct("source").get("ts_ms");
            if (ts instanceof Long l) return l;
        }
        return null;
    }

    public long captured() { return captured.get(); }
    public long deadLettered() { return deadLettered.get(); }

    /** Blocks until the engine stops; returns its failure, if any. */
    public Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return failure.get();
    }

    @Override
    public void close() {
        try {
            if (engine != null) engine.close();
            if (engineThread != null) engineThread.join(30_000);
        } catch (Exception e) {
            LOG.warn("Error stopping the engine", e);
        } finally {
            producer.close(java.time.Duration.ofSeconds(10));
        }
    }

    /** Entry point of the ingestion JVM: {@code --config <resolved.properties>}. */
    public static void main(String[] args) throws Exception {
        WosConfig config = StageLaunch.configuration(args, "ChangeCaptureService");
        ChangeCaptureService service = new ChangeCaptureService(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "capture-shutdown"));
        service.start();
        LOG.info("Change capture running: {} -> {}", config.jdbcUrl(), config.kafkaBootstrap());
        Throwable failure = service.awaitStop();
        System.exit(failure == null ? 0 : 1);
    }
}
