package com.wholesaleos.platform.launcher;

import com.wholesaleos.observability.health.LauncherStatus;
import com.wholesaleos.observability.health.PlatformStatus;
import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.StageKind;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.platform.embedded.EmbeddedKafkaBroker;
import com.wholesaleos.platform.embedded.EmbeddedPostgresServer;
import com.wholesaleos.platform.topics.TopicProvisioner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The running platform: PostgreSQL and Kafka (embedded unless configured to point elsewhere), the schema
 * migrated, the topics provisioned, and each enabled long-running stage of {@link WosStages} in its own
 * supervised JVM. A stage that dies is restarted with a growing backoff (reset once it ran healthy) and resumes
 * from its durable position; one that crash-loops is marked failed while the others keep running. An embedded
 * PostgreSQL that dies is restarted too: crash recovery replays its WAL, and capture resumes from its slot.
 * What the supervisor sees is written to {@value #STATUS_FILE} in the data directory for {@code wos status}.
 */
public final class Platform implements AutoCloseable {
    public static final String STATUS_FILE = com.wholesaleos.observability.health.PlatformStatus.LAUNCHER_FILE;
    private static final long TICK_MS = 500;
    /** After PostgreSQL came back, crashes of the stages are consequences of the outage, not a crash loop. */
    private static final long OUTAGE_SHADOW_MS = 30_000;

    private final WosConfig config;
    private final Consumer<String> log;
    private final Map<String, SupervisedStage> stages = new LinkedHashMap<>();
    private final long startedAtMs = System.currentTimeMillis();
    private EmbeddedPostgresServer postgres;
    private volatile int postgresRestarts;
    private volatile long postgresBackAtMs = Long.MIN_VALUE / 2;
    private EmbeddedKafkaBroker kafka;
    private ReadinessProbe readiness;
    private volatile boolean closing;
    private Thread supervisor;
    private DeadLetterWatch deadLetters;
    private LauncherStatus lastStatus;
    private FileChannel lockChannel;
    private FileLock dataDirLock;

    private final java.util.Set<String> deferred;

    private Platform(WosConfig config, Consumer<String> log, java.util.Set<String> deferred) {
        this.config = config;
        this.log = log;
        this.deferred = deferred;
    }

    public static Platform start(WosConfig requested, Consumer<String> log) throws Exception {
        return start(requested, log, List.of());
    }

    /**
     * Starts the platform with some enabled stages not launched yet ({@link StageState#DEFERRED}) until
     * {@link #launchDeferred()}: a run that needs them only later (the demo's Trino, console) keeps their start-up off the
     * cores its first steps need.
     */
    public static Platform start(WosConfig requested, Consumer<String> log, Collection<StageDeclaration> deferred) throws Exception {
        WosConfig config = Ports.resolve(requested);
        Platform p = new Platform(config, log, deferred.stream().map(StageDeclaration::name).collect(java.util.stream.Collectors.toSet()));
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
        if (config.get(WosSettings.KAFKA_EMBEDDED)) {
            Ports.requireFree(kafkaHost(), kafkaPort(), WosSettings.KAFKA_BOOTSTRAP.key());
            Ports.requireFree(kafkaHost(), config.get(WosSettings.KAFKA_CONTROLLER_PORT), WosSettings.KAFKA_CONTROLLER_PORT.key());
        }
        for (StageDeclaration s : enabledStages()) {
            if (s.restPort().isPresent()) Ports.requireFree(config.get(WosSettings.FLINK_REST_ADDRESS), config.get(s.restPort().get()), s.restPort().get().key());
        }
        if (config.get(WosSettings.POSTGRES_EMBEDDED)) {
            log.accept("starting PostgreSQL 17 (embedded) ...");
            postgres = startPostgres(true);
        }
        if (config.get(WosSettings.KAFKA_EMBEDDED)) {
            log.accept("starting Kafka (embedded, KRaft) ...");
            kafka = EmbeddedKafkaBroker.start(data.resolve("kafka"), kafkaHost(), kafkaPort(), config.get(WosSettings.KAFKA_CONTROLLER_PORT));
        }
        provision(config, log);
        Path resolved = data.resolve(WosConfig.RESOLVED_FILE);
        config.writeTo(resolved);
        readiness = new ReadinessProbe(config);
        for (StageDeclaration s : enabledStages()) {
            SupervisedStage st = new SupervisedStage(s, new StageProcess(s, config, resolved), RestartPolicy.from(config));
            stages.put(s.name(), st);
            if (deferred.contains(s.name())) st.state = StageState.DEFERRED;
            else launch(st);
        }
        writeStatus();
        deadLetters = DeadLetterWatch.start(config.kafkaBootstrap(), log);
        supervisor = new Thread(this::supervise, "stage-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private EmbeddedPostgresServer startPostgres(boolean checkPort) throws Exception {
        var options = new EmbeddedPostgresServer.Options(config.dataDir().resolve("postgres"), config.get(WosSettings.POSTGRES_PORT),
                config.get(WosSettings.POSTGRES_DATABASE), config.get(WosSettings.POSTGRES_STOP_GRACE_MS),
                config.get(WosSettings.POSTGRES_MAX_SLOT_WAL_KEEP));
        EmbeddedPostgresServer.stopLeftover(options);
        if (checkPort) Ports.requireFree(config.get(WosSettings.POSTGRES_HOST), options.port(), WosSettings.POSTGRES_PORT.key());
        return EmbeddedPostgresServer.start(options);
    }

    private String kafkaHost() { return bootstrapHostPort()[0]; }
    private int kafkaPort() { return Integer.parseInt(bootstrapHostPort()[1]); }

    private String[] bootstrapHostPort() {
        String[] hostPort = config.kafkaBootstrap().split(",")[0].split(":");
        if (hostPort.length != 2 || !hostPort[1].matches("\\d+")) {
            throw new ConfigException("Invalid value '" + config.kafkaBootstrap() + "' for configuration key '"
                    + WosSettings.KAFKA_BOOTSTRAP.key() + "': the embedded broker needs host:port");
        }
        return hostPort;
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
        lockChannel = FileChannel.open(data.resolve("wos.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            dataDirLock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            dataDirLock = null; // held by this very JVM
        }
        if (dataDirLock == null) {
            lockChannel.close();
            lockChannel = null;
            throw new IllegalStateException("data directory " + data + " is already in use by another running platform"
                    + " (stop it, or choose another with --data-dir)");
        }
    }

    private List<StageDeclaration> enabledStages() {
        return WosStages.ALL.stream().filter(s -> s.kind() == StageKind.LONG_RUNNING && enabled(s)).toList();
    }

    private synchronized void launch(SupervisedStage st) throws IOException {
        st.process.start();
        st.startedAtMs = System.currentTimeMillis();
        st.policy.started(st.startedAtMs);
        st.state = StageState.STARTING;
        log.accept("started " + st.declaration.name() + " (pid " + st.process.pid() + ", log " + st.process.log() + ")");
    }

    private void supervise() {
        while (!closing) {
            try {
                Thread.sleep(TICK_MS);
                superviseOnce();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!closing) log.accept("supervisor: " + e);
            }
        }
    }

    private void superviseOnce() throws Exception {
        if (postgres != null && !postgres.isAlive() && !closing) recoverPostgres();
        long now = System.currentTimeMillis();
        for (SupervisedStage st : stages.values()) {
            if (closing) return;
            switch (st.state) {
                case STARTING, RUNNING -> {
                    if (!st.process.isAlive()) {
                        crashed(st, now);
                    } else if (st.state == StageState.STARTING && readiness.ready(st.declaration)) {
                        st.state = StageState.RUNNING;
                        if (st.restarts > 0) log.accept(st.declaration.name() + " is running again (restart " + st.restarts + ")");
                    }
                }
                case RESTARTING -> {
                    if (now >= st.restartAtMs) {
                        st.restarts++;
                        launch(st);
                    }
                }
                default -> { }
            }
        }
        writeStatus();
    }

    private void crashed(SupervisedStage st, long now) {
        st.lastExitCode = st.process.exitCode();
        String name = st.declaration.name();
        if (st.lastExitCode != null && st.lastExitCode == StageLaunch.EXIT_CONFIG) {
            // Its configuration is wrong: a restart cannot help. The others keep running.
            st.state = StageState.FAILED;
            st.failure = st.process.lastLine().orElse("configuration error (exit code " + StageLaunch.EXIT_CONFIG + ")");
            log.accept("FAILED: " + name + ": " + st.failure + " (not restarting it; the other stages keep running; see " + st.process.log() + ")");
            return;
        }
        boolean outage = now - postgresBackAtMs < OUTAGE_SHADOW_MS;
        RestartPolicy.Decision d = outage ? new RestartPolicy.Restart(config.get(WosSettings.RESTART_BACKOFF_INITIAL_MS)) : st.policy.crashed(now);
        if (d instanceof RestartPolicy.GiveUp g) {
            st.state = StageState.FAILED;
            st.failure = "crash loop: " + g.reason() + "; last exit code " + st.lastExitCode + st.process.lastLine().map(l -> "; last output: " + l).orElse("");
            log.accept("FAILED: " + name + " is crash-looping (" + g.reason() + "); not restarting it, the other stages keep running. "
                    + "See " + st.process.log() + ", fix the cause, then restart wos up.");
        } else {
            long delay = ((RestartPolicy.Restart) d).delayMs();
            st.state = StageState.RESTARTING;
            st.restartAtMs = now + delay;
            log.accept(name + " stopped (exit code " + st.lastExitCode + (outage ? ", during a PostgreSQL outage" : "") + "); restarting in "
                    + delay + " ms (restart " + (st.restarts + 1) + ", see " + st.process.log() + ")");
        }
    }

    /** The postmaster died (killed, OOM): start it again on the same data directory; it recovers from its WAL. */
    private void recoverPostgres() throws InterruptedException {
        long died = System.currentTimeMillis();
        log.accept("PostgreSQL (pid " + postgres.pid() + ") died; restarting it (crash recovery from its WAL) ...");
        try {
            postgres.close(); // releases the old instance's lock; the process is gone already
        } catch (IOException e) {
            // nothing left to stop
        }
        long backoff = 500;
        while (!closing) {
            try {
                postgres = startPostgres(false);
                postgresRestarts++;
                postgresBackAtMs = System.currentTimeMillis();
                log.accept("PostgreSQL is back (pid " + postgres.pid() + ", down " + (postgresBackAtMs - died) + " ms); capture resumes from its slot");
                return;
            } catch (Exception e) {
                log.accept("PostgreSQL did not start yet (" + e.getMessage() + "); retrying in " + backoff + " ms");
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /** What {@code wos status} reads: written atomically (a reader never sees half a file), and only when it changed. */
    private void writeStatus() {
        long now = System.currentTimeMillis();
        List<LauncherStatus.Stage> list = new ArrayList<>();
        for (SupervisedStage st : stages.values()) {
            list.add(new LauncherStatus.Stage(st.declaration.name(), st.declaration.kind().name().toLowerCase(java.util.Locale.ROOT), st.state.label(),
                    st.process.isAlive() ? st.process.pid() : null, st.restarts, Instant.ofEpochMilli(st.startedAtMs).toString(), st.lastExitCode,
                    st.failure, late(st, now), st.process.log().toString(), st.declaration.restPort().isPresent() ? restUrl(config, st.declaration) : null));
        }
        LauncherStatus s = new LauncherStatus(ProcessHandle.current().pid(), Instant.ofEpochMilli(startedAtMs).toString(), closing ? "stopping" : "running",
                new LauncherStatus.Postgres(postgres != null, postgres == null ? null : postgres.pid(), config.jdbcUrl(), postgresRestarts),
                new LauncherStatus.Kafka(kafka != null, config.kafkaBootstrap()), list, null);
        if (s.equals(lastStatus)) return;
        lastStatus = s;
        try {
            PlatformStatus.write(config.dataDir(), s.at(Instant.now().toString()));
        } catch (IOException e) {
            log.accept("cannot write " + STATUS_FILE + ": " + e.getMessage());
        }
    }

    public boolean enabled(StageDeclaration s) {
        return config.get(WosSettings.STAGES_ENABLED).contains(s.name());
    }

    /** Launches the stages held back at start; the others are left as they are. */
    public synchronized void launchDeferred() throws IOException {
        for (SupervisedStage st : stages.values()) {
            if (st.state == StageState.DEFERRED) launch(st);
        }
    }

    /** Started and not ready within its declared ready timeout: reported, still supervised. */
    private boolean late(SupervisedStage st, long now) {
        return st.state == StageState.STARTING && now - st.startedAtMs > st.declaration.readyTimeoutMs(config);
    }

    /**
     * Waits until each of {@code needed} (those enabled) is ready or has had its own ready timeout
     * ({@code stage.<name>.ready-timeout-ms}), and returns the ones that are not: late (still starting, still supervised)
     * or failed. A slow or failed stage never stops the others; a caller decides what it cannot do without them.
     */
    public List<SupervisedStage> awaitReady(Collection<StageDeclaration> needed) throws InterruptedException {
        List<SupervisedStage> waitingFor = needed.stream().map(d -> stages.get(d.name())).filter(java.util.Objects::nonNull).toList();
        long began = System.currentTimeMillis();
        while (true) {
            long now = System.currentTimeMillis();
            List<SupervisedStage> pending = waitingFor.stream().filter(st -> !(st.state == StageState.RUNNING && readiness.ready(st.declaration))).toList();
            // Bounded even for a stage that keeps restarting without being marked failed: its timeout counts from this call too.
            if (pending.stream().allMatch(st -> st.state == StageState.FAILED || st.state == StageState.STOPPED || late(st, now)
                    || now - began > st.declaration.readyTimeoutMs(config))) return pending;
            Thread.sleep(200);
        }
    }

    /** Like {@link #awaitReady(Collection)}, but a stage that is not ready is an error naming it, its state and its log. */
    public void requireReady(Collection<StageDeclaration> needed) throws Exception {
        List<SupervisedStage> notReady = awaitReady(needed);
        if (notReady.isEmpty()) return;
        List<String> named = notReady.stream().map(st -> st.declaration.name() + " (" + (st.state == StageState.FAILED ? "failed: " + st.failure
                : st.state.label() + " after " + st.declaration.readyTimeoutMs(config) + " ms, " + st.declaration.readyTimeout().key())
                + "; see " + st.process.log() + ")").toList();
        throw new TimeoutException("stages not ready: " + String.join(", ", named));
    }

    /** Every enabled stage ready, or an error naming those that are not (tests and tools that need the whole platform). */
    public void awaitReady() throws Exception {
        requireReady(stages.values().stream().map(st -> st.declaration).toList());
    }

    public static String restUrl(WosConfig config, StageDeclaration stage) {
        return "http://" + config.get(WosSettings.FLINK_REST_ADDRESS) + ":" + config.get(stage.restPort().orElseThrow(() -> new IllegalArgumentException(stage.name() + " has no REST port")));
    }

    public WosConfig config() { return config; }
    public SupervisedStage stage(StageDeclaration s) { return stages.get(s.name()); }
    public Collection<SupervisedStage> stages() { return stages.values(); }
    public int restarts(StageDeclaration s) { return stages.containsKey(s.name()) ? stages.get(s.name()).restarts : 0; }
    public int postgresRestarts() { return postgresRestarts; }
    public EmbeddedPostgresServer postgres() { return postgres; }

    @Override
    public void close() {
        closing = true;
        if (supervisor != null) {
            supervisor.interrupt();
            try {
                supervisor.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (deadLetters != null) deadLetters.close();
        // Upstream first (declaration order follows the data's path), so nothing is in flight towards a stopped consumer.
        for (SupervisedStage st : stages.values()) {
            try {
                st.process.stop();
                st.state = StageState.STOPPED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!stages.isEmpty()) writeStatus();
        if (kafka != null) kafka.close();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.accept("error stopping PostgreSQL: " + e.getMessage());
            }
        }
        try {
            if (dataDirLock != null) {
                Files.deleteIfExists(config.dataDir().resolve(STATUS_FILE));
                dataDirLock.release();
            }
            if (lockChannel != null) lockChannel.close();
        } catch (IOException e) {
            log.accept("cannot release the data directory lock: " + e.getMessage());
        }
    }
}
