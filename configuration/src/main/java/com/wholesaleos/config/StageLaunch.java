package com.wholesaleos.config;

import com.wholesaleos.config.stage.StageDeclaration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a stage JVM receives from the launcher: {@code --config <resolved.properties>}, and the launcher's pid
 * in {@code -Dwos.parent-pid}. A stage stops (running its shutdown hooks) when its launcher is gone, so a
 * killed {@code wos up} never leaves stages behind holding the replication slot or the Flink port.
 */
public final class StageLaunch {
    public static final String PARENT_PID_PROPERTY = "wos.parent-pid";
    /**
     * Exit code of a stage whose configuration is wrong (sysexits' EX_CONFIG): a restart cannot help, so the launcher marks
     * it failed at once, with the last line it printed as the reason, and keeps the other stages running.
     */
    public static final int EXIT_CONFIG = 78;

    private StageLaunch() {}

    /** The repository root, where each module's build wrote its runtime classpath ({@code -Dwos.home}, else the working directory). */
    public static Path home() {
        String home = System.getProperty("wos.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }

    /**
     * A stage's classpath: its module's classes and the runtime classpath its build wrote; or, where the build is not
     * (a container given only the module's jar and stage-lib, as docker-compose.yml mounts them), that jar and stage-lib.
     */
    public static String classpath(StageDeclaration stage) {
        Path module = home().resolve(stage.module());
        Path cpFile = module.resolve("target/runtime-classpath.txt");
        Path packaged = module.resolve(stage.module() + ".jar");
        if (!Files.exists(cpFile) && Files.exists(packaged)) {
            return packaged + java.io.File.pathSeparator + module.resolve("stage-lib") + java.io.File.separator + "*";
        }
        if (!Files.exists(cpFile)) {
            throw new ConfigException("Stage " + stage.name() + " is not built (" + cpFile + " missing): run ./mvnw -q install -DskipTests");
        }
        try {
            return module.resolve("target/classes") + java.io.File.pathSeparator + Files.readString(cpFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(cpFile.toString(), e);
        }
    }

    /**
     * The command line of a stage's JVM: its heap, the JVM options its code needs, {@code stages.jvm-options}, its module's
     * classpath, its main class and configuration file. The launcher and the warehouse scheduler start stages with it.
     */
    public static List<String> command(StageDeclaration stage, WosConfig config, Path configFile) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + config.get(stage.heap()), "-XX:+ExitOnOutOfMemoryError"));
        cmd.addAll(stage.jvmOptions());
        String extra = config.get(WosSettings.STAGE_JVM_OPTIONS).trim();
        if (!extra.isEmpty()) cmd.addAll(List.of(extra.split("\\s+")));
        // A stage watches this pid and stops when its launcher is gone.
        cmd.addAll(List.of("-Dwos.stage=" + stage.name(), "-D" + PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid(),
                "-Dwos.home=" + home(), "-cp", classpath(stage), stage.mainClass(), "--config", configFile.toString()));
        return cmd;
    }

    /** Parses the stage's arguments (exits with usage on anything else), starts the parent watch, loads the configuration. */
    public static WosConfig configuration(String[] args, String stage) {
        Path file = args.length == 2 && args[0].equals("--config") ? Path.of(args[1]) : null;
        if (args.length != 0 && file == null) {
            System.err.println("usage: " + stage + " [--config <file>]");
            System.exit(2);
        }
        watchLauncher();
        return WosConfig.load(file, Map.of());
    }

    private static void watchLauncher() {
        String pid = System.getProperty(PARENT_PID_PROPERTY);
        if (pid == null) return; // started by hand or by a cluster manager
        Optional<ProcessHandle> launcher = ProcessHandle.of(Long.parseLong(pid));
        Thread watch = new Thread(() -> {
            while (launcher.isPresent() && launcher.get().isAlive()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("launcher (pid " + pid + ") is gone; stopping");
            System.exit(0);
        }, "launcher-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
