package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.platform.topics.TopicCounts;
import com.wholesaleos.config.stage.WosStages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Benchmarks on a fresh embedded platform with every stage running, on the master data of a growth phase. Phase 1: a
 * bulk of committed rows, timed from the first commit until every change event is in Kafka. Phase 2: the simulator
 * unthrottled ({@code orders}), its orders/s with everything running. Phase 3: the simulator at a sustained rate, with
 * commit → live GMV freshness measured on every day-total update, each stage's CPU and memory over it, and each Flink
 * job's checkpoints after it. Figures are printed and saved as JSON; nothing is asserted.
 */
public final class Benchmark implements PlatformBenchmark {
    private final WosConfig requested;
    private final int events;
    private final double rate;
    private final Duration duration;
    private final Consumer<String> out;
    private final GrowthPhase phase;
    private final long unthrottledOrders;

    public Benchmark(WosConfig requested, GrowthPhase phase, int events, long unthrottledOrders, double rate, Duration duration, Consumer<String> out) {
        this.requested = requested;
        this.phase = phase;
        this.unthrottledOrders = unthrottledOrders;
        this.events = events;
        this.rate = rate;
        this.duration = duration;
        this.out = out;
    }

    @Override
    public Map<String, Object> run() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("machine_cores", Runtime.getRuntime().availableProcessors());
        figures.put("phase", phase.name().toLowerCase(java.util.Locale.ROOT));
        try (Platform platform = Platform.start(requested, out)) {
            platform.awaitReady();
            WosConfig config = platform.config();
            MarketplaceDatabase db = MarketplaceDatabase.from(config);
            out.accept("bench: seeding the " + phase + " marketplace (manufacturers, retailers, distributors, catalog) ...");
            new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(phase, 0, 1, null, 1)).run(p -> {}, () -> false);
            try (TopicCounts counts = new TopicCounts(config.kafkaBootstrap())) {
                // Unmeasured warm-up: fresh JVMs compile their hot paths first, which is not steady-state capture.
                captureThroughput(db, counts, Math.min(events, 20_000), new LinkedHashMap<>());
                captureThroughput(db, counts, events, figures);
            }
            if (unthrottledOrders > 0) {
                var unthrottled = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(phase, 0, unthrottledOrders, null, 3))
                        .run(p -> out.accept("bench: unthrottled " + p.line()), () -> false);
                figures.put("simulate_orders", unthrottled.ordersPlaced());
                figures.put("simulate_orders_per_s", Math.round(unthrottled.ordersPlaced() / unthrottled.elapsedSeconds() * 10) / 10.0);
            }
            figures.put("live_gmv_running", platform.enabled(WosStages.LIVE_GMV));
            if (platform.enabled(WosStages.LIVE_GMV)) { // without it, only capture is measured (nothing else competes for the cores)
                try (LiveGmvView view = new LiveGmvView(config.kafkaBootstrap())) {
                    view.catchUp();
                    StageUsage usage = StageUsage.start(platform);
                    freshness(db, view, figures);
                    figures.put("stages_during_freshness", usage.stop());
                }
                figures.put("checkpoints", FlinkCheckpoints.of(platform));
                figures.put("streaming_rss_mb", BenchResults.rssMb(platform.stage(WosStages.LIVE_GMV).process().pid()));
            }
            figures.put("ingestion_rss_mb", BenchResults.rssMb(platform.stage(WosStages.INGESTION).process().pid()));
        }
        if (phase != GrowthPhase.MVP) {
            // The MVP's figures beside these: the newest saved run of this benchmark on the MVP's master data.
            figures.put("mvp_beside", BenchResults.latest("bench", f -> !f.has("phase") || f.get("phase").asText().equals("mvp"))
                    .<Object>map(m -> m).orElse("no MVP run saved under bench-results/ yet: run wos bench"));
        }
        BenchResults.save("bench", figures, out);
        return figures;
    }

    private void captureThroughput(MarketplaceDatabase db, TopicCounts counts, int events, Map<String, Object> figures) throws Exception {
        long before = counts.changeEvents();
        int batch = 20_000;
        long t0 = System.nanoTime();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, total_amount)
                    SELECT r.id, r.region_id, r.segment, 'USD', 100.00
                    FROM generate_series(1, ?) g JOIN retailers r ON r.id = 1 + (g % 500)""")) {
                for (int done = 0; done < events; done += batch) {
                    ps.setInt(1, Math.min(batch, events - done));
                    ps.executeUpdate();
                    c.commit();
                }
            }
        }
        long committed = System.nanoTime();
        long target = before + events;
        long seen = before;
        long lastPrint = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (seen < target && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = counts.changeEvents();
            if (System.nanoTime() - lastPrint > 1_000_000_000L) {
                lastPrint = System.nanoTime();
                out.accept(String.format("bench: capture %,d of %,d change events in Kafka", seen - before, events));
            }
        }
        long t1 = System.nanoTime();
        double seconds = (t1 - t0) / 1e9;
        figures.put("capture_events", seen - before);
        figures.put("capture_commit_seconds", round((committed - t0) / 1e9));
        figures.put("capture_seconds", round(seconds));
        figures.put("capture_events_per_second", Math.round((seen - before) / seconds));
    }

    private void freshness(MarketplaceDatabase db, LiveGmvView view, Map<String, Object> figures) throws Exception {
        view.measureFreshness();
        view.startFollowing();
        var result = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(phase, rate, 0, duration, 2))
                .run(p -> out.accept("bench: freshness " + p.line()), () -> false);
        Thread.sleep(2_000);
        view.stopFollowing();
        List<Long> samples = view.freshnessSamples();
        figures.put("freshness_rate_orders_per_second", rate);
        figures.put("freshness_orders", result.ordersPlaced());
        figures.put("freshness_transactions_per_second", Math.round(result.transactions() / result.elapsedSeconds()));
        figures.put("freshness_samples", samples.size());
        figures.put("freshness_ms_p50", LiveGmvView.percentile(samples, 50));
        figures.put("freshness_ms_p99", LiveGmvView.percentile(samples, 99));
        figures.put("freshness_ms_max", LiveGmvView.percentile(samples, 100));
    }

    private static double round(double v) { return Math.round(v * 100) / 100.0; }
}
