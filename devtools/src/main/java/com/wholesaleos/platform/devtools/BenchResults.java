package com.wholesaleos.platform.devtools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.platform.launcher.StageProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Consumer;

/** Where benchmarks put their figures: printed, one JSON line on stdout, and a file under bench-results/. */
final class BenchResults {
    private BenchResults() {}

    static Path save(String prefix, Map<String, Object> figures, Consumer<String> out) throws Exception {
        Path dir = StageProcess.home().resolve("bench-results");
        Files.createDirectories(dir);
        Path file = dir.resolve(prefix + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        String json = new ObjectMapper().writeValueAsString(figures);
        Files.writeString(file, json + "\n");
        out.accept("");
        figures.forEach((k, v) -> out.accept(String.format("  %-36s %s", k, v)));
        out.accept("saved " + file);
        System.out.println(json);
        return file;
    }

    /** Resident memory of a process, from /proc; -1 where there is none. */
    static long rssMb(long pid) { return procStatusMb(pid, "VmRSS:"); }

    /** The most resident memory a process has had (its high-water mark), from /proc; -1 where there is none. */
    static long peakRssMb(long pid) { return procStatusMb(pid, "VmHWM:"); }

    private static long procStatusMb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (Exception ignored) {
            // not on Linux
        }
        return -1;
    }
}
