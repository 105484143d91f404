package com.wholesaleos.platform.launcher;

import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.StageDeclaration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One stage's child JVM: started with the resolved configuration, output appended to its log in the data directory. */
public final class StageProcess {
    private final StageDeclaration stage;
    private final WosConfig config;
    private final Path configFile;
    private final Path log;
    private volatile Process process;

    public StageProcess(StageDeclaration stage, WosConfig config, Path configFile) {
        this.stage = stage;
        this.config = config;
        this.configFile = configFile;
        this.log = config.dataDir().resolve("logs").resolve(stage.name() + ".log");
    }

    /** The repository root, where each module's build wrote its runtime classpath. */
    public static Path home() { return StageLaunch.home(); }

    private static List<String> command(StageDeclaration stage, WosConfig config, Path configFile) {
        return StageLaunch.command(stage, config, configFile);
    }

    public synchronized void start() throws IOException {
        Files.createDirectories(log.getParent());
        List<String> cmd = command(stage, config, configFile);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
    }

    /**
     * Runs a one-shot stage to completion in its own JVM, handing over its output line by line, and returns its exit code.
     * The configuration goes to a file readable by the owner only (it holds the database password).
     */
    public static int runOnce(StageDeclaration stage, WosConfig config, List<String> args, java.util.function.Consumer<String> output)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile("wos-" + stage.name() + "-", ".properties");
        try {
            config.writeTo(file);
            List<String> cmd = command(stage, config, file);
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (var lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output);
            }
            return p.waitFor();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Graceful stop (SIGTERM), forced after a grace period. */
    public synchronized void stop() throws InterruptedException {
        Process p = process;
        if (p == null) return;
        p.destroy();
        if (!p.waitFor(config.get(WosSettings.STAGE_STOP_GRACE_MS), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Crash (SIGKILL): what failure tests do to prove a restart loses nothing. */
    public synchronized void kill() throws InterruptedException {
        Process p = process;
        if (p == null) return;
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    public StageDeclaration stage() { return stage; }

    /** Exit code of the last run, once it ended. */
    public Integer exitCode() {
        Process p = process;
        return p == null || p.isAlive() ? null : p.exitValue();
    }
    public Path log() { return log; }

    /** The last non-blank line the stage printed (at most 500 characters): why it stopped, for status. */
    public java.util.Optional<String> lastLine() {
        try (var file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - 8192);
            file.seek(from);
            byte[] tail = new byte[(int) (file.length() - from)];
            file.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\\R");
            for (int i = lines.length - 1; i >= 0; i--) {
                String l = lines[i].strip();
                if (!l.isEmpty()) return java.util.Optional.of(l.length() > 500 ? l.substring(0, 500) + " ..." : l);
            }
        } catch (IOException e) {
            // no log yet
        }
        return java.util.Optional.empty();
    }
    public long pid() { return process == null ? -1 : process.pid(); }
}
