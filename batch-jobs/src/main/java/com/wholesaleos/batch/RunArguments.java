package com.wholesaleos.batch;

import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every warehouse run receives: the platform's configuration and the data interval of the DAG run it belongs
 * to (Airflow's {@code data_interval_start}/{@code data_interval_end}); without one, the interval ends now.
 */
public final class RunArguments {
    @Option(names = "--config", description = "Resolved platform configuration (properties).")
    Path config;

    @Option(names = "--data-interval-start", description = "Start of the run's data interval (ISO instant).")
    Instant dataIntervalStart;

    @Option(names = "--data-interval-end", description = "End of the run's data interval (ISO instant), exclusive.")
    Instant dataIntervalEnd;

    @Option(names = "--run-id", description = "The DAG run this task belongs to, recorded in each snapshot it commits.")
    String runId = "manual";

    private RunArguments() {}

    /** Parses the arguments; a bad one exits 2 naming it. */
    public static RunArguments parse(String[] args, String task) {
        RunArguments parsed = new RunArguments();
        CommandLine cli = new CommandLine(parsed).setCommandName(task);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(task + ": " + e.getMessage());
            cli.usage(System.err);
            System.exit(2);
        }
        if (parsed.dataIntervalEnd == null) parsed.dataIntervalEnd = Instant.now();
        if (parsed.dataIntervalStart == null) parsed.dataIntervalStart = parsed.dataIntervalEnd.minusSeconds(3600);
        if (!parsed.dataIntervalStart.isBefore(parsed.dataIntervalEnd)) {
            throw new ConfigException("--data-interval-start must be before --data-interval-end");
        }
        return parsed;
    }

    /** The configuration, watching the launcher like every stage does. */
    public WosConfig configuration(String task) {
        return StageLaunch.configuration(config == null ? new String[0] : new String[] {"--config", config.toString()}, task);
    }

    public Instant dataIntervalStart() { return dataIntervalStart; }
    public Instant dataIntervalEnd() { return dataIntervalEnd; }
    public String runId() { return runId; }

    /** Snapshot summary properties that say which run committed a snapshot. */
    public Map<String, String> snapshotProperties() {
        return Map.of("wos.run-id", runId, "wos.data-interval-end", dataIntervalEnd.toString());
    }
}
