package com.wholesaleos.streaming.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One Flink job's checkpoint root ({@code <data-dir>/flink/<job>/checkpoints/<job-id>/chk-N}): each job restores
 * only its own checkpoints. Flink keeps the last N within a run; every restart is a new job id, so runs before
 * the one holding the newest checkpoint are deleted at start, or they would pile up forever.
 */
public final class CheckpointStore {
    private static final String STATE_BACKEND_FILE = "state-backend";
    private final Path root;

    public CheckpointStore(Path root) {
        this.root = root;
    }

    public Path root() { return root; }

    /** The newest completed checkpoint (one with {@code _metadata}) of this job. */
    public Optional<Path> latest() {
        return completed().stream().findFirst();
    }

    /** Completed checkpoints, newest first. */
    public List<Path> completed() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> files = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            return files.map(Path::getParent).sorted(Comparator.comparingLong(CheckpointStore::modified).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state backend that wrote this job's checkpoints, as recorded beside them (absent before the first run that recorded it). */
    public Optional<String> stateBackend() {
        Path marker = root.resolve(STATE_BACKEND_FILE);
        try {
            return Files.exists(marker) ? Optional.of(Files.readString(marker).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records which state backend writes this job's checkpoints from now on. */
    public void recordStateBackend(String backend) {
        try {
            Files.createDirectories(root);
            Files.writeString(root.resolve(STATE_BACKEND_FILE), backend + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Age of the newest completed checkpoint, if any. */
    public Optional<Long> latestAgeMs() {
        return latest().map(p -> System.currentTimeMillis() - modified(p));
    }

    /**
     * Deletes the directories of earlier runs, keeping the run that holds {@code keep} (the checkpoint this run
     * restores from: a new run completes a full checkpoint of its own before it stops needing it).
     */
    public int deleteRunsOtherThan(Optional<Path> keep) {
        if (!Files.isDirectory(root)) return 0;
        Path keepRun = keep.map(Path::getParent).orElse(null);
        int deleted = 0;
        try (Stream<Path> runs = Files.list(root)) {
            for (Path run : runs.filter(Files::isDirectory).toList()) {
                if (run.equals(keepRun)) continue;
                deleteRecursively(run);
                deleted++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deleted;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static long modified(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
