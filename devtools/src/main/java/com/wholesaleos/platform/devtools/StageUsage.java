package com.wholesaleos.platform.devtools;

import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.platform.launcher.SupervisedStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU and memory of each stage JVM (and of this JVM, which holds the broker and the simulator) over a measured phase,
 * from /proc: CPU as a share of one core, resident memory at the end and its high-water mark.
 */
final class StageUsage {
    /** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
    private static final double TICKS_PER_SECOND = 100.0;
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> startTicks = new LinkedHashMap<>();
    private long startNanos;

    /** Starts measuring every running stage of {@code platform}. */
    static StageUsage start(Platform platform) {
        StageUsage u = new StageUsage();
        u.pids.put("launcher (broker, simulator)", ProcessHandle.current().pid());
        for (SupervisedStage s : platform.stages()) {
            long pid = s.process().pid();
            if (pid > 0) u.pids.put(s.declaration().name(), pid);
        }
        u.pids.forEach((name, pid) -> u.startTicks.put(name, cpuTicks(pid)));
        u.startNanos = System.nanoTime();
        return u;
    }

    /** Per stage: cpu_percent (of one core) since the start, rss_mb now, peak_rss_mb. */
    Map<String, Map<String, Object>> stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long ticks = cpuTicks(pid);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cpu_percent", ticks < 0 || startTicks.get(name) < 0 ? -1 : Math.round((ticks - startTicks.get(name)) / TICKS_PER_SECOND / seconds * 100));
            m.put("rss_mb", BenchResults.rssMb(pid));
            m.put("peak_rss_mb", BenchResults.peakRssMb(pid));
            out.put(name, m);
        });
        return out;
    }

    /** utime + stime of a process, in ticks; -1 where there is no /proc. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat, counted after the command
        } catch (Exception e) {
            return -1;
        }
    }
}
