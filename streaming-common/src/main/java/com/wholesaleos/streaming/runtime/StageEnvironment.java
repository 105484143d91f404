package com.wholesaleos.streaming.runtime;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.streaming.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution environment of one Flink stage, from its declaration and the platform's settings: its own checkpoint
 * root (restored from the latest completed checkpoint), REST port, restart strategy and state backend. Embedded
 * (MiniCluster with web UI) unless the job was submitted to a cluster.
 */
public final class StageEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(StageEnvironment.class);

    public record Prepared(StreamExecutionEnvironment env, Optional<Path> restoredFrom, String stateBackend) {
        public String startedFrom() { return restoredFrom.map(p -> "checkpoint " + p).orElse("committed offsets"); }
    }

    private StageEnvironment() {}

    public static Prepared prepare(WosConfig config, StageDeclaration stage, long checkpointIntervalMs, int parallelism,
                                   java.util.function.Consumer<Configuration> jobOptions) {
        CheckpointStore checkpoints = new CheckpointStore(stage.checkpointRoot(config.dataDir()));
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, config.get(stage.restPort().orElseThrow()));
        conf.set(RestOptions.ADDRESS, config.get(WosSettings.FLINK_REST_ADDRESS));
        conf.set(RestOptions.BIND_ADDRESS, config.get(WosSettings.FLINK_REST_ADDRESS));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.root().toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, config.get(WosSettings.FLINK_CHECKPOINTS_RETAINED));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, config.get(WosSettings.FLINK_RESTART_ATTEMPTS));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(config.get(WosSettings.FLINK_RESTART_DELAY_MS)));
        Optional<Path> restore = checkpoints.latest();
        String backend = stateBackend(config, stage, checkpoints, restore);
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, backend.equals("rocksdb"));
        jobOptions.accept(conf);
        restore.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toString()));
        int deleted = checkpoints.deleteRunsOtherThan(restore);
        if (deleted > 0) LOG.info("Deleted the checkpoints of {} earlier runs", deleted);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (env instanceof LocalStreamEnvironment) env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointIntervalMs, CheckpointingMode.EXACTLY_ONCE);
        env.setBufferTimeout(config.get(WosSettings.FLINK_BUFFER_TIMEOUT_MS));
        return new Prepared(env, restore, backend);
    }

    /**
     * The job's state backend: its own {@code stage.<name>.state-backend} unless {@code flink.state-backend} names one for
     * every job. A checkpoint restores only into the backend that wrote it, so a job with checkpoints keeps their backend
     * (and says so) until they are gone; checkpoints from before the backend was recorded were written by the heap backend,
     * the default then, or by the one {@code flink.state-backend} named.
     */
    static String stateBackend(WosConfig config, StageDeclaration stage, CheckpointStore checkpoints, Optional<Path> restore) {
        String every = config.get(WosSettings.FLINK_STATE_BACKEND);
        boolean perStage = every.equals("per-stage");
        String wanted = perStage ? stage.stateBackend().map(config::get).orElse("hashmap") : every;
        if (restore.isPresent()) {
            String wrote = checkpoints.stateBackend().orElse(perStage ? "hashmap" : every);
            if (!wrote.equals(wanted)) {
                LOG.warn("The checkpoints of {} were written by the {} state backend and restore only into it: keeping {} instead of {} ({}). "
                                + "To move, take a savepoint in the canonical format, or delete {} to start from the committed offsets.",
                        stage.name(), wrote, wrote, wanted, perStage ? stage.stateBackend().orElseThrow().key() : WosSettings.FLINK_STATE_BACKEND.key(),
                        checkpoints.root());
                checkpoints.recordStateBackend(wrote);
                return wrote;
            }
        }
        checkpoints.recordStateBackend(wanted);
        return wanted;
    }

    public static Properties producerProperties(WosConfig config) {
        Properties p = new Properties();
        p.setProperty("linger.ms", String.valueOf(config.get(WosSettings.PRODUCER_LINGER_MS)));
        return p;
    }
}
