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

    @Option(names = "--backlog", description = "Instead: the live GMV job alone draining a backlog of --orders orders (time to drain, events/s per CPU second).")
    boolean backlog;

    @Option(names = "--orders", defaultValue = "30000", description = "Orders in the backlog (default ${DEFAULT-VALUE}).")
    long orders;

    @Option(names = "--fraud", description = "Instead: commit -> fraud alert latency at --rate orders/s for --duration with labelled scenarios, every "
            + "stage running; with --backlog, the fraud job alone draining the backlog.")
    boolean fraud;

    @Option(names = "--recommendations", description = "Instead: Feed API latency and throughput under --clients closed-loop clients for --duration "
            + "after --orders orders (default here 3000); with --backlog, the recommendations job alone draining the backlog (orders/s).")
    boolean recommendations;

    @Option(names = "--warehouse", description = "Instead: months of backdated history (--history) captured, then warehouse_hourly over all of it "
            + "and once more with nothing new: per task wall time, rows/s; gold daily GMV against SQL.")
    boolean warehouse;

    @Option(names = "--trino", description = "Instead: months of history (--history; 36m holds the plan's Phase 4 year) loaded into the warehouse, then "
            + "each milestone view's latency through Trino's JDBC driver (p50/p95 over --runs), Trino's start-to-ready time and memory.")
    boolean trino;

    @Option(names = "--console", description = "Instead: commit -> live GMV tile event (server-sent, as a signed-in browser gets it) at --rate orders/s "
            + "for --duration, then each console page's and API's latency (p50/p95 over --runs).")
    boolean console;

    @Option(names = "--runs", defaultValue = "30", description = "Timed runs of each query for --trino or route for --console, after 3 warm-up runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--history", defaultValue = "12m", paramLabel = "MONTHS", description = "History for --warehouse and --trino, e.g. 18m, 36m (default ${DEFAULT-VALUE}).")
    String history;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients of the Feed API benchmark (default ${DEFAULT-VALUE}).")
    int clients;

    @Override
    public Integer call() throws Exception {
        if (events <= 0 || rate <= 0 || orders <= 0) throw new IllegalArgumentException("--events, --rate and --orders must be > 0");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("wos-bench-");
        try {
            if (console) {
                if (runs < 1) throw new IllegalArgumentException("--runs must be >= 1");
                new com.wholesaleos.platform.devtools.ConsoleBenchmark(options.load(com.wholesaleos.platform.devtools.DemoRun.isolated(dir)), rate,
                        SimulateCommand.parseDuration(duration), runs, Progress::info).run();
                return 0;
            }
            if (trino) {
                if (runs < 1) throw new IllegalArgumentException("--runs must be >= 1");
                com.wholesaleos.platform.devtools.MilestoneBenchmark.run(options.load(com.wholesaleos.platform.devtools.DemoRun.isolated(dir)),
                        new SimulateCommand.HistoryMonths().convert(history), runs, Progress::info);
                return 0;
            }
            if (warehouse) {
                new com.wholesaleos.platform.devtools.WarehouseBenchmark(options.load(com.wholesaleos.platform.devtools.DemoRun.isolated(dir)),
                        new SimulateCommand.HistoryMonths().convert(history), Progress::info).run();
                return 0;
            }
            if (backlog) {
                var isolated = com.wholesaleos.platform.devtools.DemoRun.isolated(dir);
                // Fixed ports: both platforms of the run (fill, then drain) must find the same broker and database.
                isolated.put("postgres.port", String.valueOf(com.wholesaleos.platform.launcher.Ports.free()));
                isolated.put("kafka.bootstrap-servers", "127.0.0.1:" + com.wholesaleos.platform.launcher.Ports.free());
                isolated.put("kafka.controller-port", String.valueOf(com.wholesaleos.platform.launcher.Ports.free()));
                new com.wholesaleos.platform.devtools.BacklogBenchmark(options.load(), isolated, orders,
                        fraud ? com.wholesaleos.config.stage.WosStages.FRAUD_SIGNALS
                                : recommendations ? com.wholesaleos.config.stage.WosStages.RECOMMENDATIONS : com.wholesaleos.config.stage.WosStages.LIVE_GMV,
                        Progress::info).run();
                return 0;
            }
            if (recommendations) {
                if (clients <= 0) throw new IllegalArgumentException("--clients must be > 0");
                new com.wholesaleos.platform.devtools.FeedApiBenchmark(options.load(com.wholesaleos.platform.devtools.DemoRun.isolated(dir)),
                        orders == 30000 ? 3000 : orders, SimulateCommand.parseDuration(duration), clients, Progress::info).run();
                return 0;
            }
            if (fraud) {
                new com.wholesaleos.platform.devtools.FraudBenchmark(options.load(com.wholesaleos.platform.devtools.DemoRun.forFraudScenarios(
                        com.wholesaleos.platform.devtools.DemoRun.isolated(dir))), rate, SimulateCommand.parseDuration(duration), Progress::info).run();
                return 0;
            }
            new Benchmark(options.load(com.wholesaleos.platform.devtools.DemoRun.isolated(dir)), events, rate, SimulateCommand.parseDuration(duration), Progress::info).run();
        } finally {
            com.wholesaleos.platform.devtools.DemoRun.deleteRecursively(dir);
        }
        return 0;
    }
}
