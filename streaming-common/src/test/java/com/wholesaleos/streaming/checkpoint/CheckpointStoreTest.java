package com.wholesaleos.streaming.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    private static Path checkpoint(Path root, String run, int n, long modifiedMs) throws Exception {
        Path chk = Files.createDirectories(root.resolve(run).resolve("chk-" + n));
        Path meta = Files.writeString(chk.resolve("_metadata"), "x");
        Files.setLastModifiedTime(meta, FileTime.fromMillis(modifiedMs));
        return chk;
    }

    @Test
    void twoJobsNeverSeeEachOthersCheckpoints(@TempDir Path data) throws Exception {
        StageDeclaration other = StageDeclaration.builder("fraud-signals").module("fraud-signals-job").mainClass("x")
                .readiness(new com.wholesaleos.config.stage.Readiness.FlinkJobRunning("fraud-signals")).restPort(18082).build();
        CheckpointStore gmv = new CheckpointStore(WosStages.LIVE_GMV.checkpointRoot(data));
        CheckpointStore fraud = new CheckpointStore(other.checkpointRoot(data));
        Path gmvChk = checkpoint(gmv.root(), "run-a", 7, 1_000);
        Path fraudChk = checkpoint(fraud.root(), "run-b", 3, 2_000); // newer, but another job's
        assertEquals(Optional.of(gmvChk), gmv.latest());
        assertEquals(Optional.of(fraudChk), fraud.latest());
    }

    @Test
    void earlierRunsAreDeletedButTheOneHoldingTheRestorePointStays(@TempDir Path root) throws Exception {
        CheckpointStore store = new CheckpointStore(root);
        checkpoint(root, "run-1", 1, 1_000);
        checkpoint(root, "run-2", 5, 2_000);
        Path newest = checkpoint(root, "run-3", 9, 3_000);
        Files.createDirectories(root.resolve("run-4")); // a run that failed before its first checkpoint
        assertEquals(Optional.of(newest), store.latest());
        assertEquals(3, store.deleteRunsOtherThan(store.latest()));
        assertEquals(java.util.List.of(newest), store.completed());
    }

    @Test
    void everyFlinkStageHasItsOwnRootAndRestPort(@TempDir Path data) {
        Set<Path> roots = new HashSet<>();
        Set<String> ports = new HashSet<>();
        for (StageDeclaration s : WosStages.ALL) {
            if (!s.isFlinkJob()) continue;
            assertTrue(roots.add(s.checkpointRoot(data)), s.name());
            assertTrue(ports.add(s.restPort().orElseThrow().defaultValue()), s.name());
        }
        assertFalse(roots.isEmpty());
    }
}
