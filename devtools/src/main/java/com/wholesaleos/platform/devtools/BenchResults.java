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

    /**
     * The newest saved run of {@code prefix} that {@code wanted} accepts, with its file name: what a report puts beside
     * its own figures for comparison.
     */
    static java.util.Optional<Map<String, Object>> latest(String prefix, java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode> wanted)
            throws java.io.IOException {
        Path dir = StageProcess.home().resolve("bench-results");
        if (!Files.isDirectory(dir)) return java.util.Optional.empty();
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(prefix) + "-\\d{8}-\\d{6}\\.json"))
                    .sorted(java.util.Comparator.reverseOrder()).toList()) {
                var figures = json.readTree(f.toFile());
                if (wanted.test(figures)) {
                    Map<String, Object> out = new java.util.LinkedHashMap<>();
                    out.put("file", f.getFileName().toString());
                    out.put("figures", json.convertValue(figures, Map.class));
                    return java.util.Optional.of(out);
                }
            }
        }
        return java.util.Optional.empty();
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
