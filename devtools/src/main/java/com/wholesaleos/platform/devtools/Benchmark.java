package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.platform.topics.TopicCounts;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.history.HistoryPlan;
import com.wholesaleos.marketplace.history.HistorySimulator;
import com.wholesaleos.warehouse.milestone.MilestoneRefresh;
import com.wholesaleos.warehouse.trino.TrinoEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The platform's benchmark, on a fresh embedded platform with every stage running, on the master data of a growth
 * phase. In order: a bulk of committed rows, timed from the first commit until every change event is in Kafka; the
 * simulator unthrottled ({@code orders}), its orders/s with everything running; the simulator at a sustained rate with
 * labelled fraud scenarios, measuring commit -> live GMV on every day-total update and commit -> fraud alert, each
 * stage's CPU and memory over it and each Flink job's checkpoints after it; warehouse_hourly's first load, then each
 * milestone and federated query through Trino; the feed API holding 100,000 feeds at fixed request rates, and its rebuild
 * after a crash; more live traffic, then warehouse_hourly's increment. Gold is checked against SQL after each warehouse
 * run. Figures are printed and saved as JSON; nothing is asserted.
 */
public final class Benchmark implements PlatformBenchmark {
    /** Phase 4's retailers, each with a feed: the feed API is measured at that size whatever the phase. */
    static final int FEEDS = 100_000;
    static final double[] FEED_API_RATES = {1_000, 5_000};
    static final Duration FEED_API_RUN = Duration.ofSeconds(20);
    static final long HISTORY_STALL_MS = 5 * 60_000;
    static final long HISTORY_MAX_MS = 60 * 60_000;

    private final WosConfig requested;
    private final int events;
    private final double rate;
    private final Duration duration;
    private final Consumer<String> out;
    private final GrowthPhase phase;
    private final long unthrottledOrders;
    private final int runs;
    private final int historyMonths;

    public Benchmark(WosConfig requested, GrowthPhase phase, int events, int historyMonths, long unthrottledOrders, double rate, Duration duration,
                     int runs, Consumer<String> out) {
        this.requested = requested;
        this.historyMonths = historyMonths;
        this.runs = runs;
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
        // With history, every stage is held back until it is written: the capture's first start then takes it in by
        // its initial snapshot (the bulk bootstrap), as on a fresh deployment over an existing database.
        List<StageDeclaration> held = historyMonths > 0
                ? WosStages.ALL.stream().filter(s -> requested.get(WosSettings.STAGES_ENABLED).contains(s.name())).toList() : List.of();
        try (Platform platform = Platform.start(requested, out, held)) {
            if (held.isEmpty()) platform.awaitReady();
            measure(platform, figures);
        } catch (Exception | Error e) {
            // What was measured before the failure is kept, with where it stopped, as the demo does.
            figures.put("failed", e.toString());
            BenchResults.save("bench", figures, out);
            throw e;
        }
        if (phase != GrowthPhase.MVP) {
            // The MVP's figures beside these: the newest saved run of this benchmark on the MVP's master data.
            figures.put("mvp_beside", BenchResults.latest("bench", f -> !f.has("phase") || f.get("phase").asText().equals("mvp"))
                    .<Object>map(m -> m).orElse("no MVP run saved under bench-results/ yet: run wos bench"));
        }
        BenchResults.save("bench", figures, out);
        return figures;
    }

    private void measure(Platform platform, Map<String, Object> figures) throws Exception {
        WosConfig config = platform.config();
        MarketplaceDatabase db = MarketplaceDatabase.from(config);
        history(platform, db, figures);
        out.accept("bench: seeding the " + phase + " marketplace (manufacturers, retailers, distributors, catalog) ...");
        new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(phase, 0, 1, null, 1)).run(p -> {}, () -> false);
        try (TopicCounts counts = new TopicCounts(config.kafkaBootstrap())) {
            // Unmeasured warm-up: fresh JVMs compile their hot paths first, which is not steady-state capture.
            captureThroughput(db, counts, Math.min(events, 20_000), new LinkedHashMap<>());
            captureThroughput(db, counts, events, figures);
        }
        if (unthrottledOrders > 0) {
            var unthrottled = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(phase, 0, unthrottledOrders, null, 3)
                    .withConnections(config.get(WosSettings.SIMULATOR_CONNECTIONS)))
                    .run(p -> out.accept("bench: unthrottled " + p.line()), () -> false);
            figures.put("simulate_connections", config.get(WosSettings.SIMULATOR_CONNECTIONS));
            figures.put("simulate_orders", unthrottled.ordersPlaced());
            figures.put("simulate_orders_per_s", Math.round(unthrottled.ordersPlaced() / unthrottled.elapsedSeconds() * 10) / 10.0);
        }
        figures.put("live_gmv_running", platform.enabled(WosStages.LIVE_GMV));
        if (platform.enabled(WosStages.LIVE_GMV)) { // without it, only capture is measured (nothing else competes for the cores)
            // The fraud job first drains what the phases before raised, so that only this phase's alerts are timed.
            if (platform.enabled(WosStages.FRAUD_SIGNALS)) DemoRun.awaitJobCaughtUp(config, WosStages.FRAUD_SIGNALS, out);
            if (platform.enabled(WosStages.RECOMMENDATIONS)) DemoRun.awaitJobCaughtUp(config, WosStages.RECOMMENDATIONS, out);
            Map<Integer, Long> alertsFrom = FraudEvaluation.alertTopicEnd(config.kafkaBootstrap());
            try (LiveGmvView view = new LiveGmvView(config.kafkaBootstrap())) {
                view.catchUp();
                StageUsage usage = StageUsage.start(platform);
                freshness(db, view, figures);
                figures.put("stages_during_freshness", usage.stop());
            }
            figures.put("checkpoints", FlinkCheckpoints.of(platform));
            figures.put("streaming_rss_mb", BenchResults.rssMb(platform.stage(WosStages.LIVE_GMV).process().pid()));
            if (platform.enabled(WosStages.FRAUD_SIGNALS)) fraudAlerts(config, db, alertsFrom, figures);
        }
        if (platform.enabled(WosStages.SCHEDULER)) warehouseAndTrino(platform, db, figures);
        if (platform.enabled(WosStages.FEED_API)) {
            figures.put("feed_api", FeedApiAtScale.measure(platform, db, FEEDS, FEED_API_RATES, FEED_API_RUN, out));
        }
        figures.put("ingestion_rss_mb", BenchResults.rssMb(platform.stage(WosStages.INGESTION).process().pid()));
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
        // Labelled fraud scenarios among the orders, on the business clock, so that alerts are measured in the same traffic.
        var result = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(phase, rate, 0, duration, 2, true))
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

    /**
     * The last {@code historyMonths} of the phase (Phase 4: its year) written in bulk before any stage runs, then taken in
     * by the platform: the capture's initial snapshot (one exported PostgreSQL snapshot, streaming from its LSN on)
     * until every row is in Kafka, then each Flink job until it has consumed them all.
     */
    private void history(Platform platform, MarketplaceDatabase db, Map<String, Object> figures) throws Exception {
        WosConfig config = platform.config();
        Instant end = Instant.now().minus(Duration.ofMillis(config.get(WosSettings.GMV_LIVE_HORIZON_MS))).minus(Duration.ofHours(1));
        out.accept("bench: writing the last " + historyMonths + " months of " + phase + " (plan months " + (phase.planMonth - historyMonths) + "-"
                + phase.planMonth + ") ...");
        var history = new HistorySimulator(db, HistoryPlan.window(historyMonths, phase.planMonth, 1, end)).run(out);
        figures.put("history_months", historyMonths);
        figures.put("history_orders", history.orders());
        figures.put("history_order_lines", history.lines());
        figures.put("history_retailers", history.retailers());
        figures.put("history_gmv", history.gmv().toPlainString());
        figures.put("history_write_s", round(history.elapsedSeconds()));
        figures.put("history_orders_per_s", Math.round(history.ordersPerSecond()));
        long t0 = System.nanoTime();
        out.accept("bench: starting every stage; the capture takes the history in by its initial snapshot");
        platform.launchDeferred();
        try (TopicCounts counts = new TopicCounts(config.kafkaBootstrap())) {
            awaitSnapshot(platform, counts);
            double snapshotSeconds = (System.nanoTime() - t0) / 1e9;
            figures.put("history_snapshot_s", round(snapshotSeconds));
            figures.put("history_snapshot_rows", counts.changeEvents());
            figures.put("history_snapshot_rows_per_s", Math.round(counts.changeEvents() / snapshotSeconds));
            platform.awaitReady();
            DemoRun.awaitCaptureCaughtUp(config, out);
            figures.put("history_capture_tail_s", round((System.nanoTime() - t0) / 1e9));
            figures.put("history_change_events", counts.changeEvents());
        }
        Map<String, Object> jobs = new LinkedHashMap<>();
        figures.put("history_taken_in_s", jobs);
        for (StageDeclaration job : List.of(WosStages.LIVE_GMV, WosStages.FRAUD_SIGNALS, WosStages.RECOMMENDATIONS)) {
            if (!platform.enabled(job)) continue;
            // A job draining a year commits offsets only with its checkpoints, which can take minutes under that backlog.
            CatchUp.job(config, job, out, () -> false, HISTORY_STALL_MS, HISTORY_MAX_MS);
            jobs.put(job.name(), round((System.nanoTime() - t0) / 1e9));
        }
    }

    /**
     * Until the capture streams (its slot active): its initial snapshot reads the history first, which at Phase 4's
     * year takes longer than a stage's ready timeout. Fails if no row reaches the topics for {@link #HISTORY_STALL_MS}.
     */
    private void awaitSnapshot(Platform platform, TopicCounts counts) throws Exception {
        long lastMove = System.currentTimeMillis();
        long last = -1;
        while (!platform.awaitReady(List.of(WosStages.INGESTION)).isEmpty()) {
            long now = counts.changeEvents();
            if (now != last) {
                last = now;
                lastMove = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastMove > HISTORY_STALL_MS) {
                throw new IllegalStateException("the capture's snapshot stalled at " + now + " rows for " + HISTORY_STALL_MS / 1000 + " s (see its log)");
            }
            out.accept(String.format("bench: capture snapshot %,d rows in the change topics", now));
            Thread.sleep(5_000);
        }
    }

    /** Commit -> alert on wos.fraud.alerts for every alert the freshness phase's scenarios raised. */
    private void fraudAlerts(WosConfig config, MarketplaceDatabase db, Map<Integer, Long> from, Map<String, Object> figures) throws Exception {
        DemoRun.awaitJobCaughtUp(config, WosStages.FRAUD_SIGNALS, out);
        FraudEvaluation.Result fraud = FraudEvaluation.run(db, config.kafkaBootstrap(), 0, from);
        figures.put("fraud_alerts", fraud.latencies());
        figures.put("fraud_alert_ms_p50", fraud.latencyP50Ms());
        figures.put("fraud_alert_ms_p99", fraud.latencyP99Ms());
        figures.put("fraud_alert_ms_max", LiveGmvView.percentile(fraud.latencySamples(), 100));
    }

    /**
     * warehouse_hourly over everything so far (the first load), the milestone and federated queries through Trino, then
     * {@code duration} more live traffic and warehouse_hourly again (the hourly increment); gold is checked against SQL
     * after each run.
     */
    private void warehouseAndTrino(Platform platform, MarketplaceDatabase db, Map<String, Object> figures) throws Exception {
        WosConfig config = platform.config();
        DemoRun.awaitCaptureCaughtUp(config, out);
        GoldCheck first = GoldCheck.run(config, db, out, out);
        figures.put("warehouse_first_load_run", first.runState());
        figures.put("warehouse_first_load_s", round(first.seconds()));
        figures.put("warehouse_first_load_gold_equals_sql", first.matches());
        if (platform.enabled(WosStages.TRINO) && first.matches()) {
            Map<String, Object> trino = new LinkedHashMap<>();
            try (Connection c = TrinoEndpoint.connect(config)) {
                MilestoneRefresh.Freshness freshness = MilestoneRefresh.freshness(c, config);
                if (!freshness.current()) throw new IllegalStateException(freshness.describe());
                MilestoneBenchmark.timeQueries(c, runs, trino, out);
            }
            figures.put("trino", trino);
        }
        var more = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(phase, rate, 0, duration, 4)
                .withConnections(config.get(WosSettings.SIMULATOR_CONNECTIONS)))
                .run(p -> out.accept("bench: traffic for the increment " + p.line()), () -> false);
        DemoRun.awaitCaptureCaughtUp(config, out);
        GoldCheck increment = GoldCheck.run(config, db, out, out);
        figures.put("warehouse_increment_orders", more.ordersPlaced());
        figures.put("warehouse_increment_run", increment.runState());
        figures.put("warehouse_increment_s", round(increment.seconds()));
        figures.put("warehouse_increment_gold_equals_sql", increment.matches());
    }

    private static double round(double v) { return Math.round(v * 100) / 100.0; }
}
