package com.wholesaleos.platform.cli;

import com.wholesaleos.platform.devtools.Benchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure change events/s from commit to Kafka, and commit -> live GMV freshness at a sustained simulator rate, "
                + "on a fresh embedded platform. Prints the figures and saves them under bench-results/.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--events", defaultValue = "200000", description = "Rows committed for the throughput phase (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--rate", defaultValue = "100", description = "Simulator orders/s for the freshness phase (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "30s", description = "Length of the freshness phase (default ${DEFAULT-VALUE}).")
    String duration;

    @Override
    public Integer call() throws Exception {
        if (events <= 0 || rate <= 0) throw new IllegalArgumentException("--events and --rate must be > 0");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("wos-bench-");
        try {
            new Benchmark(options.load(com.wholesaleos.platform.devtools.DemoRun.isolated(dir)), events, rate, SimulateCommand.parseDuration(duration), Progress::info).run();
        } finally {
            com.wholesaleos.platform.devtools.DemoRun.deleteRecursively(dir);
        }
        return 0;
    }
}
