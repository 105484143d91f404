package com.wholesaleos.orchestration.run;

import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.orchestration.dag.DagTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a task's stage the way the launcher runs every stage (its module's classpath, heap, JVM options), with the
 * run's data interval and id as arguments. The configuration file it reads is the scheduler's own, written once.
 */
public final class StageTaskLauncher implements TaskLauncher {
    private final WosConfig config;
    private final Path configFile;

    public StageTaskLauncher(WosConfig config, Path configFile) {
        this.config = config;
        this.configFile = configFile;
    }

    @Override
    public Process start(DagTask task, DagRun run, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(StageLaunch.command(task.stage(), config, configFile));
        cmd.addAll(List.of("--data-interval-start", run.interval().start().toString(), "--data-interval-end", run.interval().end().toString(),
                "--run-id", run.runId()));
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}
