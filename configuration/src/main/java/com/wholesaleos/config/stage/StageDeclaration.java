package com.wholesaleos.config.stage;

import com.wholesaleos.config.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the platform knows about one stage, declared once: the launcher, supervision, settings, status,
 * docs and docker-compose derive from this. A stage is a main class in a module of its own, run in its own JVM.
 *
 * @param name        stage name: in {@code stages.enabled}, {@code wos status}, logs, checkpoint roots
 * @param module      Maven module whose runtime classpath the stage runs from
 * @param mainClass   entry point; receives {@code --config <resolved.properties>}
 * @param kind        long-running, scheduled or one-shot
 * @param readiness   how the launcher knows it works
 * @param dependsOn   stages it consumes from (started before it, stopped after it)
 * @param description one line for status and docs
 * @param heap        its own setting {@code stage.<name>.heap}
 * @param restPort    its own HTTP port: a Flink job's REST endpoint and web UI ({@code stage.<name>.rest-port}), an HTTP
 *                    service's endpoint ({@code stage.<name>.http-port})
 * @param jvmOptions  JVM options its code needs to run at all (Spark's module openings), before {@code stages.jvm-options}
 * @param serviceNote what {@code wos up} prints beside an HTTP service's URL (how to use it), or empty
 * @param readyTimeout its own setting {@code stage.<name>.ready-timeout-ms}: how long the launcher waits for its readiness
 *                     before reporting it late (it keeps supervising it); 0 means {@code supervision.ready-timeout-ms}
 * @param stateBackend a Flink job's own setting {@code stage.<name>.state-backend}: where its state lives and how it is
 *                     checkpointed, chosen by the size and churn of that state
 */
public record StageDeclaration(String name, String module, String mainClass, StageKind kind, Readiness readiness,
                               List<String> dependsOn, String description, Setting<String> heap, Optional<Setting<Integer>> restPort,
                               List<String> jvmOptions, String serviceNote, Setting<Long> readyTimeout, Optional<Setting<String>> stateBackend) {

    public StageDeclaration {
        Objects.requireNonNull(name);
        dependsOn = List.copyOf(dependsOn);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * What Spark's own launcher (spark-submit) adds on JDK 17: without the openings MERGE fails on MemoryUtil and reading a
     * DATE column on sun.util.calendar. A Spark run started as a plain JVM needs the same.
     */
    public static final List<String> SPARK_JVM_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions", "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

    /** A Spark run: one-shot, in a JVM of its own with Spark's JVM options. */
    public boolean isSparkRun() { return jvmOptions.equals(SPARK_JVM_OPTIONS); }

    public static Builder builder(String name) { return new Builder(name); }

    /** A Flink job runs with its own checkpoint root and REST port. */
    public boolean isFlinkJob() { return readiness instanceof Readiness.FlinkJobRunning; }

    /** The Flink job name, for Flink stages. */
    public Optional<String> flinkJobName() {
        return readiness instanceof Readiness.FlinkJobRunning f ? Optional.of(f.jobName()) : Optional.empty();
    }

    /** Flink jobs: their own checkpoint root, so no job ever restores another's state. */
    public java.nio.file.Path checkpointRoot(java.nio.file.Path dataDir) {
        return dataDir.resolve("flink").resolve(name).resolve("checkpoints");
    }

    /** Consumer group of a stage that reads topics: offsets (and so consumer lag) are per stage. */
    public String consumerGroup() { return "wos-" + name; }

    /** How long to wait for this stage's readiness: its own setting, else {@code supervision.ready-timeout-ms}. */
    public long readyTimeoutMs(com.wholesaleos.config.WosConfig config) {
        long own = config.get(readyTimeout);
        return own > 0 ? own : config.get(com.wholesaleos.config.WosSettings.READY_TIMEOUT_MS);
    }

    /** A JVM heap size as -Xmx takes it: digits and a unit (k, m, g); anything else would crash-loop the stage's JVM. */
    public static final String HEAP_PATTERN = "\\d+[kKmMgG]";

    /** The state backends a Flink job may run on. */
    public static final List<String> STATE_BACKENDS = List.of("hashmap", "rocksdb");

    /** Settings this declaration owns. */
    public List<Setting<?>> settings() {
        List<Setting<?>> out = new ArrayList<>();
        out.add(heap);
        out.add(readyTimeout);
        restPort.ifPresent(out::add);
        stateBackend.ifPresent(out::add);
        return out;
    }

    public static final class Builder {
        private final String name;
        private String module;
        private String mainClass;
        private StageKind kind = StageKind.LONG_RUNNING;
        private Readiness readiness = new Readiness.ProcessAlive();
        private List<String> dependsOn = List.of();
        private String description = "";
        private String heap = "512m";
        private Integer restPort;
        private boolean service;
        private List<String> jvmOptions = List.of();
        private String serviceNote = "";
        private long readyTimeoutMs;
        private String stateBackend;

        private Builder(String name) { this.name = name; }

        public Builder module(String module) { this.module = module; return this; }
        public Builder mainClass(String mainClass) { this.mainClass = mainClass; return this; }
        public Builder kind(StageKind kind) { this.kind = kind; return this; }
        public Builder readiness(Readiness readiness) { this.readiness = readiness; return this; }
        public Builder dependsOn(String... stages) { this.dependsOn = List.of(stages); return this; }
        public Builder description(String description) { this.description = description; return this; }
        public Builder heap(String heap) { this.heap = heap; return this; }
        public Builder jvmOptions(List<String> options) { this.jvmOptions = options; return this; }
        public Builder restPort(int port) { this.restPort = port; return this; }
        /** An HTTP service (an API, a console): its port, {@code stage.<name>.http-port}. */
        public Builder httpPort(int port) { this.restPort = port; this.service = true; return this; }
        /** What {@code wos up} prints beside the service's URL. */
        public Builder serviceNote(String note) { this.serviceNote = note; return this; }
        /** Its own readiness timeout, when its start takes longer than most (Trino's on a loaded two-core machine). */
        public Builder readyTimeoutMs(long ms) { this.readyTimeoutMs = ms; return this; }
        /**
         * A Flink job's state backend: {@code hashmap} (on the heap, a full snapshot per checkpoint: for small state read on
         * every record) or {@code rocksdb} (on local disk, incremental checkpoints: for state that grows with the marketplace).
         */
        public Builder stateBackend(String backend) { this.stateBackend = backend; return this; }

        public StageDeclaration build() {
            Setting<String> heapSetting = Setting.matching("stage." + name + ".heap", heap, HEAP_PATTERN, "a size such as 512m or 2g",
                    "Heap (-Xmx) of the " + name + " stage JVM.");
            Setting<Long> ready = Setting.longValue("stage." + name + ".ready-timeout-ms", readyTimeoutMs, 0, 3_600_000,
                    "How long wos up and wos demo wait for the " + name + " stage to become ready before reporting it late (it stays supervised); "
                            + "0 means supervision.ready-timeout-ms.");
            Optional<Setting<Integer>> rest = restPort == null ? Optional.empty()
                    : Optional.of(service ? Setting.port("stage." + name + ".http-port", restPort, "HTTP port of the " + name + " service; 0 picks a free one.")
                    : Setting.port("stage." + name + ".rest-port", restPort, "REST port (web UI) of the " + name + " Flink job when it runs embedded; 0 picks a free one."));
            Optional<Setting<String>> backend = stateBackend == null ? Optional.empty()
                    : Optional.of(Setting.oneOf("stage." + name + ".state-backend", stateBackend, STATE_BACKENDS,
                    "State backend of the " + name + " Flink job: hashmap (heap, a full snapshot per checkpoint) or rocksdb (local disk, "
                            + "incremental checkpoints: each costs what changed since the last)."));
            return new StageDeclaration(name, Objects.requireNonNull(module, "module"), Objects.requireNonNull(mainClass, "mainClass"),
                    kind, readiness, dependsOn, description, heapSetting, rest, jvmOptions, serviceNote, ready, backend);
        }
    }
}
