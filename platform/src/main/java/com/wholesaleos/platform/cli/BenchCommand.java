package com.wholesaleos.platform.cli;

import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.platform.devtools.BenchmarkMode;
import com.wholesaleos.platform.devtools.DemoRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure, on a fresh embedded platform with every stage running on a growth phase's master data (--phase): change events/s "
                + "from commit to Kafka, the simulator's orders/s unthrottled, commit -> live GMV and commit -> fraud alert at a sustained simulator "
                + "rate with each stage's CPU and memory and each Flink job's checkpoints, warehouse_hourly's first load and hourly increment, "
                + "milestone and federated query latencies through Trino, and the feed API at 1,000 and 5,000 requests/s holding 100,000 feeds. "
                + "Prints the figures and saves them under bench-results/.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--events", defaultValue = "200000", description = "Rows committed for the throughput phase (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--rate", defaultValue = "50", description = "Simulator orders/s for the freshness phase (default ${DEFAULT-VALUE}: "
            + "the rate the growth plan's latency targets name).")
    double rate;

    @Option(names = "--duration", defaultValue = "30s", description = "Length of the freshness phase (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--backlog", description = "Instead: the live GMV job alone draining a backlog of --orders orders (time to drain, events/s per CPU second).")
    boolean backlog;

    @Option(names = "--orders", description = "Orders in the backlog (default 30000), simulated before the feed API benchmark (default 3000), or "
            + "simulated unthrottled with every stage running before the freshness phase (default 1000).")
    Long orders;

    @Option(names = "--fraud", description = "Instead: commit -> fraud alert latency at --rate orders/s for --duration with labelled scenarios, every "
            + "stage running; with --backlog, the fraud job alone draining the backlog.")
    boolean fraud;

    @Option(names = "--recommendations", description = "Instead: Feed API latency and throughput under --clients closed-loop clients for --duration "
            + "after --orders orders; with --backlog, the recommendations job alone draining the backlog (orders/s).")
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

    @Option(names = "--runs", description = "Timed runs of each Trino query (default benchmark: 10; --trino: 30) or route (--console: 30), after 3 "
            + "warm-up runs.")
    Integer runs;

    @Option(names = "--history", paramLabel = "MONTHS", description = "History for --warehouse and --trino, e.g. 18m, 36m (default 12m); for the "
            + "default benchmark, the last MONTHS of the phase written before everything else (default: the phase's own span, Phase 4's year).")
    String history;

    @Option(names = "--phase", defaultValue = "mvp", description = "Growth phase whose master data the platform runs on "
            + "(manufacturers, retailers, distributors): mvp, phase1 ... phase4 (default ${DEFAULT-VALUE}).")
    String phase;

    @Option(names = "--json", description = "Make the last line of stdout one JSON object with every figure (progress goes to stderr).")
    boolean json;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients of the Feed API benchmark (default ${DEFAULT-VALUE}).")
    int clients;

    @Override
    public Integer call() throws Exception {
        if (events <= 0 || rate <= 0 || (orders != null && orders <= 0)) throw new IllegalArgumentException("--events, --rate and --orders must be > 0");
        BenchmarkMode mode = BenchmarkMode.of(backlog, fraud, recommendations, warehouse, trino, console);
        GrowthPhase growthPhase = GrowthPhase.parse(phase);
        if (growthPhase != GrowthPhase.MVP && mode != BenchmarkMode.CAPTURE) {
            throw new IllegalArgumentException("--phase goes with the default benchmark only; the --" + mode.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-') + " mode runs on the MVP's master data");
        }
        int historyMonths = history != null ? new SimulateCommand.HistoryMonths().convert(history)
                : mode == BenchmarkMode.CAPTURE ? growthPhase.months() : 12;
        if (mode == BenchmarkMode.CAPTURE && historyMonths > growthPhase.planMonth) {
            throw new IllegalArgumentException("--history " + historyMonths + "m reaches before the launch: " + phase + " ends at plan month "
                    + growthPhase.planMonth);
        }
        int timedRuns = runs != null ? runs : mode == BenchmarkMode.CAPTURE ? 10 : 30;
        Path dir = Files.createTempDirectory("wos-bench-");
        try {
            var request = new BenchmarkMode.Request(dir, options::load, growthPhase, events, rate, SimulateCommand.parseDuration(duration),
                    orders == null ? OptionalLong.empty() : OptionalLong.of(orders), timedRuns, historyMonths, clients,
                    Progress::info);
            mode.benchmark(request).run();
        } finally {
            DemoRun.deleteRecursively(dir);
        }
        return 0;
    }
}
