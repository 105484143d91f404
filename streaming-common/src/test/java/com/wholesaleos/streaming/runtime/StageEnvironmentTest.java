package com.wholesaleos.streaming.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.streaming.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which state backend a job runs on: its declared one, one for every job, or the one its checkpoints need. */
class StageEnvironmentTest {
    @TempDir Path dir;

    private static WosConfig config(Map<String, String> overrides) {
        return WosConfig.load(null, Map.of(), overrides);
    }

    @Test
    void eachJobRunsOnItsDeclaredBackendAndRecordsIt() {
        CheckpointStore fraud = new CheckpointStore(dir.resolve("fraud"));
        assertEquals("rocksdb", StageEnvironment.stateBackend(config(Map.of()), WosStages.FRAUD_SIGNALS, fraud, Optional.empty()));
        assertEquals(Optional.of("rocksdb"), fraud.stateBackend());
        CheckpointStore gmv = new CheckpointStore(dir.resolve("gmv"));
        assertEquals("hashmap", StageEnvironment.stateBackend(config(Map.of()), WosStages.LIVE_GMV, gmv, Optional.empty()));
        assertEquals("rocksdb", StageEnvironment.stateBackend(config(Map.of("stage.live-gmv.state-backend", "rocksdb")), WosStages.LIVE_GMV,
                new CheckpointStore(dir.resolve("gmv2")), Optional.empty()));
    }

    @Test
    void flinkStateBackendPutsEveryJobOnOne() {
        assertEquals("hashmap", StageEnvironment.stateBackend(config(Map.of("flink.state-backend", "hashmap")), WosStages.FRAUD_SIGNALS,
                new CheckpointStore(dir.resolve("fraud")), Optional.empty()));
    }

    @Test
    void aJobWithCheckpointsKeepsTheBackendThatWroteThem() {
        CheckpointStore fraud = new CheckpointStore(dir.resolve("fraud"));
        Optional<Path> restore = Optional.of(dir.resolve("fraud/run/chk-7"));
        // Checkpoints from before the backend was recorded: the heap backend wrote them (the default then).
        assertEquals("hashmap", StageEnvironment.stateBackend(config(Map.of()), WosStages.FRAUD_SIGNALS, fraud, restore));
        assertEquals(Optional.of("hashmap"), fraud.stateBackend());
        // Once they are gone, the declared backend.
        assertEquals("rocksdb", StageEnvironment.stateBackend(config(Map.of()), WosStages.FRAUD_SIGNALS, fraud, Optional.empty()));
        assertEquals("rocksdb", StageEnvironment.stateBackend(config(Map.of("flink.state-backend", "hashmap")), WosStages.FRAUD_SIGNALS, fraud, restore));
    }
}
