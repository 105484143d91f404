package com.wholesaleos.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a stage JVM receives from the launcher: {@code --config <resolved.properties>}, and the launcher's pid
 * in {@code -Dwos.parent-pid}. A stage stops (running its shutdown hooks) when its launcher is gone, so a
 * killed {@code wos up} never leaves stages behind holding the replication slot or the Flink port.
 */
public final class StageLaunch {
    public static final String PARENT_PID_PROPERTY = "wos.parent-pid";

    private StageLaunch() {}

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
