package com.wholesaleos.platform;

import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.platform.embedded.EmbeddedKafkaBroker;
import com.wholesaleos.platform.embedded.EmbeddedPostgresServer;
import com.wholesaleos.platform.kafka.TopicProvisioner;
import com.wholesaleos.platform.stage.Stage;
import com.wholesaleos.platform.stage.StageProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The running platform: PostgreSQL and Kafka (embedded unless configured to point elsewhere), the schema
 * migrated, the topics provisioned, and each stage in its own supervised JVM. A stage that dies is restarted;
 * it resumes from its durable position (Debezium offsets, Flink checkpoints).
 */
public final class Platform implements AutoCloseable {
    private final WosConfig config;
    private final Consumer<String> log;
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaBroker kafka;
    private final Map<Stage, StageProcess> stages = new EnumMap<>(Stage.class);
    private final Map<Stage, Integer> restarts = new EnumMap<>(Stage.class);
    private volatile boolean closing;
    private Thread supervisor;
    private java.nio.channels.FileChannel lockChannel;
    private java.nio.channels.FileLock dataDirLock;

    private Platform(WosConfig config, Consumer<String> log) {
        this.config = config;
        this.log = log;
    }

    /** Picks free ports for every port configured as 0, so tests and demos never collide. */
    public static WosConfig resolvePorts(WosConfig config) throws IOException {
        Map<String, String> chosen = new LinkedHashMap<>();
        if (config.get(WosSettings.POSTGRES_PORT) == 0) chosen.put(WosSettings.POSTGRES_PORT.key(), String.valueOf(freePort()));
        if (config.get(WosSettings.KAFKA_CONTROLLER_PORT) == 0) chosen.put(WosSettings.KAFKA_CONTROLLER_PORT.key(), String.valueOf(freePort()));
        if (config.get(WosSettings.FLINK_REST_PORT) == 0) chosen.put(WosSettings.FLINK_REST_PORT.key(), String.valueOf(freePort()));
        String bootstrap = config.kafkaBootstrap();
        if (bootstrap.endsWith(":0")) chosen.put(WosSettings.KAFKA_BOOTSTRAP.key(), bootstrap.substring(0, bootstrap.length() - 1) + freePort());
        return chosen.isEmpty() ? config : config.with(chosen);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static Platform start(WosConfig requested, Consumer<String> log) throws Exception {
        WosConfig config = resolvePorts(requested);
        Platform p = new Platform(config, log);
        try {
            p.startServices();
        } catch (Exception e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void startServices() throws Exception {
        Path data = config.dataDir();
        Files.createDirectories(data);
        lockDataDirectory(data);
        if (config.get(WosSettings.POSTGRES_EMBEDDED)) {
            log.accept("starting PostgreSQL 17 (embedded) ...");
            postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), config.get(WosSettings.POSTGRES_PORT),
                    config.get(WosSettings.POSTGRES_DATABASE));
        }
        if (config.get(WosSettings.KAFKA_EMBEDDED)) {
            log.accept("starting Kafka (embedded, KRaft) ...");
            String[] hostPort = config.kafkaBootstrap().split(",")[0].split(":");
            if (hostPort.length != 2) {
                throw new ConfigException("Invalid value '" + config.kafkaBootstrap() + "' for configuration key '"
                        + WosSettings.KAFKA_BOOTSTRAP.key() + "': the embedded broker needs host:port");
            }
            kafka = EmbeddedKafkaBroker.start(data.resolve("kafka"), hostPort[0], Integer.parseInt(hostPort[1]),
                    config.get(WosSettings.KAFKA_CONTROLLER_PORT));
        }
        provision(config, log);
        Path resolved = data.resolve("resolved.properties");
        config.writeTo(resolved);
        for (Stage s : Stage.values()) {
            if (!enabled(s)) continue;
            StageProcess process = new StageProcess(s, config, resolved);
            process.start();
            stages.put(s, process);
            restarts.put(s, 0);
            log.accept("started " + s.displayName() + " (pid " + process.pid() + ", log " + process.log() + ")");
        }
        supervisor = new Thread(this::supervise, "stage-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** Applies the schema migrations and creates missing topics; idempotent. What {@code wos provision} runs alone. */
    public static void provision(WosConfig config, Consumer<String> log) throws Exception {
        int applied = MarketplaceDatabase.from(config).migrate();
        log.accept("schema migrated (" + applied + " new migrations)");
        var created = TopicProvisioner.ensureTopics(config.kafkaBootstrap(), config.get(WosSettings.KAFKA_PARTITIONS),
                config.get(WosSettings.KAFKA_REPLICATION).shortValue());
        log.accept(created.isEmpty() ? "topics present" : "created " + created.size() + " topics");
    }

    /** One platform per data directory: a second one would fight over PostgreSQL's files, the broker log and the offsets. */
    private void lockDataDirectory(Path data) throws IOException {
        Path lock = data.resolve("wos.lock");
        lockChannel = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        try {
            dataDirLock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            dataDirLock = null; // held by this very JVM
        }
        if (dataDirLock == null) {
            lockChannel.close();
            throw new IllegalStateException("data directory " + data + " is already in use by another running platform"
                    + " (stop it, or choose another with --data-dir)");
        }
    }

    private void supervise() {
        while (!closing) {
            try {
                Thread.sleep(500);
                for (StageProcess p : stages.values()) {
                    if (!closing && !p.isAlive()) {
                        int n = restarts.merge(p.stage(), 1, Integer::sum);
                        log.accept(p.stage().displayName() + " stopped; restarting (restart " + n + ", see " + p.log() + ")");
                        Thread.sleep(Math.min(10_000, 500L * n));
                        if (!closing) p.start();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                log.accept("cannot restart a stage: " + e.getMessage());
            }
        }
    }

    public boolean enabled(Stage s) {
        return config.get(WosSettings.STAGES_ENABLED).contains(s.displayName());
    }

    /** Waits until the change capture streams from its replication slot (the initial snapshot is done). */
    public void awaitCaptureStreaming(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        MarketplaceDatabase db = MarketplaceDatabase.from(config);
        while (System.nanoTime() < deadline) {
            try (Connection c = db.connect();
                 PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, config.get(WosSettings.CDC_SLOT));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) return;
                }
            }
            Thread.sleep(200);
        }
        throw new TimeoutException("change capture did not start streaming within " + timeout + "; see " + stages.get(Stage.INGESTION).log());
    }

    /** Waits until the live GMV job reports RUNNING on the Flink REST API. */
    public void awaitLiveGmvRunning(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create(flinkUi() + "/jobs/overview");
        while (System.nanoTime() < deadline) {
            try {
                String body = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("\"state\":\"RUNNING\"") && body.contains("live-gmv")) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new TimeoutException("live GMV job not running within " + timeout + "; see " + stages.get(Stage.LIVE_GMV).log());
    }

    /** Waits for the stages this platform runs. */
    public void awaitReady(Duration timeout) throws Exception {
        if (enabled(Stage.INGESTION)) awaitCaptureStreaming(timeout);
        if (enabled(Stage.LIVE_GMV)) awaitLiveGmvRunning(timeout);
    }

    public WosConfig config() { return config; }
    public StageProcess stage(Stage s) { return stages.get(s); }
    public int restarts(Stage s) { return restarts.getOrDefault(s, 0); }
    public String flinkUi() { return "http://127.0.0.1:" + config.get(WosSettings.FLINK_REST_PORT); }

    @Override
    public void close() {
        closing = true;
        if (supervisor != null) supervisor.interrupt();
        // Capture first, so nothing is in flight towards a stopped job; then the job; then the services.
        for (Stage s : new Stage[] {Stage.INGESTION, Stage.LIVE_GMV}) {
            StageProcess p = stages.get(s);
            if (p == null) continue;
            try {
                p.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (kafka != null) kafka.close();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.accept("error stopping PostgreSQL: " + e.getMessage());
            }
        }
        try {
            if (dataDirLock != null) dataDirLock.release();
            if (lockChannel != null) lockChannel.close();
        } catch (IOException e) {
            log.accept("cannot release the data directory lock: " + e.getMessage());
        }
    }
}
