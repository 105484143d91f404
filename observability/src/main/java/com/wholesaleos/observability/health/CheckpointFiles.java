package com.wholesaleos.observability.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A Flink job's completed checkpoints as its checkpoint root holds them (a chk-N directory with _metadata), seen from outside the job. */
public final class CheckpointFiles {
    private CheckpointFiles() {}

    /** Completed checkpoint directories, newest first. */
    public static List<Path> completed(Path root) throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> files = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            return files.map(Path::getParent).sorted(Comparator.comparingLong(CheckpointFiles::modified).reversed()).toList();
        }
    }

    public static long modified(Path checkpoint) {
        return checkpoint.resolve("_metadata").toFile().lastModified();
    }

    /** Bytes of one checkpoint directory (an incremental checkpoint also refers to shared files outside it). */
    public static long bytes(Path checkpoint) throws IOException {
        try (Stream<Path> files = Files.walk(checkpoint)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
