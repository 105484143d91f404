package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.platform.launcher.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;

/** Every {@code wos bench} mode, each one benchmark class, with the defaults that are its own. */
public enum BenchmarkMode {
    /** Capture, simulator, freshness and alerts at a sustained rate, the warehouse, Trino and the feed API at 100k feeds. */
    CAPTURE(r -> new Benchmark(r.config().apply(DemoRun.forFraudScenarios(DemoRun.isolated(r.dir()))), r.phase(), r.events(),
            r.historyMonths(), r.orders().orElse(1_000), r.rate(), r.duration(), positive(r.runs(), "--runs"), r.out())),
    /** The live GMV job alone draining a backlog. */
    BACKLOG_LIVE_GMV(r -> backlog(r, WosStages.LIVE_GMV)),
    /** The fraud job alone draining a backlog. */
    BACKLOG_FRAUD(r -> backlog(r, WosStages.FRAUD_SIGNALS)),
    /** The recommendations job alone draining a backlog. */
    BACKLOG_RECOMMENDATIONS(r -> backlog(r, WosStages.RECOMMENDATIONS)),
    /** Commit -> fraud alert latency with labelled scenarios, every stage running. */
    FRAUD(r -> new FraudBenchmark(r.config().apply(DemoRun.forFraudScenarios(DemoRun.isolated(r.dir()))), r.rate(), r.duration(), r.out())),
    /** The feed API's latency and throughput under closed-loop clients. */
    FEED_API(r -> new FeedApiBenchmark(r.isolated(), r.orders().orElse(3_000), r.duration(), positive(r.clients(), "--clients"), r.out())),
    /** Months of history through warehouse_hourly, and once more with nothing new. */
    WAREHOUSE(r -> new WarehouseBenchmark(r.isolated(), r.historyMonths(), r.out())),
    /** Each milestone view's latency through Trino over months of history; Trino's start and memory. */
    TRINO(r -> new MilestoneBenchmark(r.isolated(), r.historyMonths(), positive(r.runs(), "--runs"), r.out())),
    /** Commit -> live GMV tile event, then each console page's and API's latency. */
    CONSOLE(r -> new ConsoleBenchmark(r.isolated(), r.rate(), r.duration(), positive(r.runs(), "--runs"), r.out()));

    /**
     * What a mode may read: {@code config} loads the platform's configuration with overrides on top, {@code dir} is the
     * run's own temp directory; {@code orders} is empty unless given (each mode has its own default).
     */
    public record Request(Path dir, Function<Map<String, String>, WosConfig> config, GrowthPhase phase, int events, double rate, Duration duration,
                          OptionalLong orders, int runs, int historyMonths, int clients, Consumer<String> out) {
        /** The configuration on a data directory and ports of the run's own. */
        WosConfig isolated() { return config.apply(DemoRun.isolated(dir)); }
    }

    /** Makes a mode's benchmark from the request (picking free ports may fail). */
    @FunctionalInterface
    interface Factory {
        PlatformBenchmark create(Request request) throws Exception;
    }

    private final Factory factory;

    BenchmarkMode(Factory factory) { this.factory = factory; }

    public PlatformBenchmark benchmark(Request request) throws Exception { return factory.create(request); }

    /** The mode the flags name: one of --console, --trino, --warehouse, --fraud, --recommendations, each alone or with --backlog. */
    public static BenchmarkMode of(boolean backlog, boolean fraud, boolean recommendations, boolean warehouse, boolean trino, boolean console) {
        int chosen = (fraud ? 1 : 0) + (recommendations ? 1 : 0) + (warehouse ? 1 : 0) + (trino ? 1 : 0) + (console ? 1 : 0);
        if (chosen > 1) throw new IllegalArgumentException("choose one of --fraud, --recommendations, --warehouse, --trino, --console");
        if (backlog && (warehouse || trino || console)) throw new IllegalArgumentException("--backlog goes with the jobs only: alone, --fraud or --recommendations");
        if (backlog) return fraud ? BACKLOG_FRAUD : recommendations ? BACKLOG_RECOMMENDATIONS : BACKLOG_LIVE_GMV;
        if (fraud) return FRAUD;
        if (recommendations) return FEED_API;
        if (warehouse) return WAREHOUSE;
        if (trino) return TRINO;
        if (console) return CONSOLE;
        return CAPTURE;
    }

    private static PlatformBenchmark backlog(Request r, StageDeclaration job) throws java.io.IOException {
        Map<String, String> isolated = DemoRun.isolated(r.dir());
        // Fixed ports: both platforms of the run (fill, then drain) must find the same broker and database.
        isolated.put("postgres.port", String.valueOf(Ports.free()));
        isolated.put("kafka.bootstrap-servers", "127.0.0.1:" + Ports.free());
        isolated.put("kafka.controller-port", String.valueOf(Ports.free()));
        return new BacklogBenchmark(r.config().apply(Map.of()), isolated, r.orders().orElse(30_000), job, r.out());
    }

    private static int positive(int value, String flag) {
        if (value < 1) throw new IllegalArgumentException(flag + " must be >= 1");
        return value;
    }
}
