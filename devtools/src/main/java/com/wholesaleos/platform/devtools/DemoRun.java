package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.platform.launcher.Platform;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.platform.gmv.GmvReconciliation;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.platform.topics.TopicCounts;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.time.Duration;
import java.time.Instant;
import com.wholesaleos.marketplace.history.HistoryPlan;
import com.wholesaleos.marketplace.history.HistorySimulator;
import java.util.stream.Stream;

/**
 * The whole data path once, on a fresh embedded platform: simulate orders, wait until live GMV has caught up
 * with PostgreSQL, and compare live GMV with the reference SQL (in total and per minute window).
 */
public final class DemoRun {
    public static final String CURRENCY = "USD";
    /** JIT compilation and first metadata fetches in three fresh JVMs: seconds of latency that steady state never sees. */
    public static final long WARM_UP_MS = 5_000;

    /** Freshness is steady state: changes committed in the first {@link #WARM_UP_MS} of simulation are reported apart. */
    public record Report(long orders, BigDecimal gmvSource, BigDecimal gmvLive, long changeEvents, long deadLetters,
                         long freshnessP50, long freshnessP99, long warmUpFreshnessMax, int minuteWindows, int minuteWindowsMatching,
                         double seconds, FraudEvaluation.Result fraud, RecommendationEvaluation.Result recommendations, GoldCheck gold,
                         TrinoCheck trino, Map<String, BigDecimal> liveByDay, double simulateOrdersPerS, Map<String, Double> phases) {
        public boolean matches() { return gmvSource.compareTo(gmvLive) == 0; }

        /**
         * GMV live and gold equal to SQL to the cent and, with fraud scenarios, every rule at the bar; with
         * recommendations, the feeds' lift.
         */
        public boolean passes() {
            return matches() && gold.matches() && trino.matches() && (fraud == null || fraud.passes()) && (recommendations == null || recommendations.passes());
        }

        public com.fasterxml.jackson.databind.node.ObjectNode json() {
            var json = DemoJson.object().put("orders", orders).put("gmv_source", gmvSource.toPlainString()).put("gmv_live", gmvLive.toPlainString())
                    .put("change_events", changeEvents).put("dlq", deadLetters).put("freshness_ms_p50", freshnessP50).put("freshness_ms_p99", freshnessP99)
                    .put("warm_up_freshness_ms_max", warmUpFreshnessMax).put("minute_windows", minuteWindows)
                    .put("minute_windows_matching", minuteWindowsMatching).put("match", matches()).put("seconds", DemoJson.round(seconds, 1));
            gold.addTo(json, liveByDay);
            trino.addTo(json);
            if (fraud != null) json.set("fraud", fraud.json());
            if (recommendations != null) json.set("recommendations", recommendations.json());
            json.put("simulate_orders_per_s", DemoJson.round(simulateOrdersPerS, 1));
            json.set("phases_s", DemoPhases.json(phases));
            return json.put("pass", passes());
        }
    }

    private DemoRun() {}

    /** Overrides that give a demo its own temp data directory and free ports. */
    public static Map<String, String> isolated(Path dataDir) {
        Map<String, String> o = new HashMap<>();
        o.put(WosSettings.DATA_DIR.key(), dataDir.toString());
        o.put(WosSettings.POSTGRES_PORT.key(), "0");
        o.put(WosSettings.KAFKA_BOOTSTRAP.key(), "127.0.0.1:0");
        o.put(WosSettings.KAFKA_CONTROLLER_PORT.key(), "0");
        WosStages.ALL.forEach(s -> s.restPort().ifPresent(p -> o.put(p.key(), "0")));
        return o;
    }

    public static Report run(WosConfig requested, long orders, double rate, long seed, GrowthPhase phase,
                             Consumer<String> log, Consumer<String> progress) throws Exception {
        return run(requested, orders, rate, seed, phase, false, false, 0, log, progress);
    }

    /** Share of a recommendations demo's orders held out: each retailer's next order after the split is its truth. */
    public static final double HELD_OUT_SHARE = 0.25;

    /**
     * Settings a fraud run needs: its business clock runs days per second, so the live GMV job must accept changes
     * that arrive hours of business time out of order across topics (they are seconds apart in real time), and refunds
     * of orders delivered months of business time ago.
     */
    public static Map<String, String> forFraudScenarios(Map<String, String> overrides) {
        Map<String, String> o = new HashMap<>(overrides);
        o.put(WosSettings.GMV_ALLOWED_LATENESS_MS.key(), String.valueOf(7 * 86_400_000L));
        o.put(WosSettings.GMV_REFUND_WINDOW_MS.key(), String.valueOf(365 * 86_400_000L));
        return o;
    }

    /**
     * @param historyMonths months of backdated history written in bulk before the live orders (0: none). It ends an hour
     *                      before live GMV's horizon, so it is history to the live job and today is the live orders'.
     * @throws DemoPhases.Failed naming the phase that failed and the seconds of each phase so far
     */
    public static Report run(WosConfig requested, long orders, double rate, long seed, GrowthPhase phase, boolean fraud, boolean recommendations,
                             int historyMonths, Consumer<String> log, Consumer<String> progress) throws Exception {
        long started = System.nanoTime();
        DemoPhases phases = new DemoPhases(progress);
        phases.begin("start");
        // The simulation needs only the capture and the jobs it measures. The stages only later steps need (Trino, the
        // console, the scheduler, ...) start when the simulation is done, so their start-up (Trino's is a core for most of a
        // minute) does not starve it; each later step waits for what it needs.
        List<StageDeclaration> needed = new java.util.ArrayList<>(List.of(WosStages.INGESTION, WosStages.LIVE_GMV));
        if (fraud) needed.addAll(List.of(WosStages.FRAUD_SIGNALS, WosStages.RISK_DESK));
        if (recommendations) needed.addAll(List.of(WosStages.RECOMMENDATIONS, WosStages.FEED_API));
        List<StageDeclaration> streaming = List.of(WosStages.INGESTION, WosStages.LIVE_GMV, WosStages.FRAUD_SIGNALS, WosStages.RECOMMENDATIONS);
        List<StageDeclaration> later = WosStages.ALL.stream().filter(s -> s.kind() == com.wholesaleos.config.stage.StageKind.LONG_RUNNING
                && !streaming.contains(s) && !needed.contains(s)).toList();
        try (Platform platform = Platform.start(requested, log, later)) {
            platform.requireReady(needed);
            WosConfig config = platform.config();
            MarketplaceDatabase db = MarketplaceDatabase.from(config);
            phases.begin("simulate");
            if (historyMonths > 0) {
                Instant end = Instant.now().minus(Duration.ofMillis(config.get(WosSettings.GMV_LIVE_HORIZON_MS))).minus(Duration.ofHours(1));
                var history = new HistorySimulator(db, new HistoryPlan(historyMonths, seed, end)).run(progress);
                log.accept(String.format("history: %d months, %,d orders, %,d retailers, GMV %s in %.1f s", historyMonths, history.orders(),
                        history.retailers(), history.gmv().toPlainString(), history.elapsedSeconds()));
            }
            try (LiveGmvView view = new LiveGmvView(config.kafkaBootstrap()); TopicCounts counts = new TopicCounts(config.kafkaBootstrap())) {
                view.catchUp();
                view.measureFreshness();
                view.startFollowing();
                long simulationStart = System.currentTimeMillis();
                try {
                    long heldOut = recommendations ? Math.max(1, (long) (orders * HELD_OUT_SHARE)) : 0;
                    var result = new MarketplaceSimulator(db, plan(phase, rate, orders - heldOut, seed, fraud, recommendations)
                            .withConnections(config.get(WosSettings.SIMULATOR_CONNECTIONS))).run(p -> progress.accept(p.line()), () -> false);
                    RecommendationEvaluation.Result recoResult = null;
                    if (recommendations) {
                        // The split: the feeds served now, before any held-out order is committed, are the ones scored.
                        phases.begin("catch-up");
                        CatchUp.job(config, WosStages.RECOMMENDATIONS, progress, () -> false);
                        awaitFeedsSettled(config, progress);
                        long lastTrainingOrder = RecommendationEvaluation.lastOrderId(db);
                        var served = RecommendationEvaluation.servedFeeds(config);
                        progress.accept(String.format("split after order %d: %d feeds served; simulating %d held-out orders", lastTrainingOrder,
                                served.size(), heldOut));
                        phases.begin("simulate");
                        var more = new MarketplaceSimulator(db, plan(phase, rate, heldOut, seed, fraud, true)).run(p -> progress.accept(p.line()), () -> false);
                        result = new MarketplaceSimulator.Result(result.ordersPlaced() + more.ordersPlaced(), result.transactions() + more.transactions(),
                                result.elapsedSeconds() + more.elapsedSeconds(), result.reconnects() + more.reconnects(),
                                result.refusedByRisk() + more.refusedByRisk());
                        phases.begin("catch-up");
                        CatchUp.job(config, WosStages.RECOMMENDATIONS, progress, () -> false);
                        recoResult = RecommendationEvaluation.evaluate(db, lastTrainingOrder, served)
                                .withOrderToFeed(RecommendationEvaluation.orderToFeedLatencies(config.kafkaBootstrap(), simulationStart + WARM_UP_MS));
                    }
                    phases.begin("catch-up");
                    platform.launchDeferred();
                    BigDecimal source;
                    try (Connection c = db.connect()) {
                        source = SourceGmv.total(c).getOrDefault(CURRENCY, BigDecimal.ZERO.setScale(2));
                    }
                    awaitCaughtUp(config, view, source, progress);
                    view.stopFollowing();
                    view.catchUp();
                    List<Long> fresh = view.freshnessSamples(simulationStart + WARM_UP_MS, Long.MAX_VALUE);
                    List<Long> warmUp = view.freshnessSamples(Long.MIN_VALUE, simulationStart + WARM_UP_MS);
                    GmvReconciliation.Result reconciled;
                    try (Connection c = db.connect()) {
                        reconciled = GmvReconciliation.run(c, view, null); // the same comparison as wos reconcile
                    }
                    int[] windows = {reconciled.minuteWindows(), reconciled.minuteWindowsMatching()};
                    phases.begin("warehouse");
                    GoldCheck gold = GoldCheck.run(config, db, log, progress);
                    phases.begin("trino");
                    platform.requireReady(List.of(WosStages.TRINO));
                    TrinoCheck trino = TrinoCheck.run(config, db, progress);
                    phases.begin("checks");
                    FraudEvaluation.Result fraudResult = null;
                    if (fraud) {
                        awaitJobCaughtUp(config, WosStages.FRAUD_SIGNALS, progress);
                        fraudResult = FraudEvaluation.run(db, config.kafkaBootstrap());
                    }
                    phases.end();
                    return new Report(result.ordersPlaced(), source, view.total(CURRENCY), counts.changeEvents(), counts.deadLetters(),
                            LiveGmvView.percentile(fresh, 50), LiveGmvView.percentile(fresh, 99), LiveGmvView.percentile(warmUp, 100),
                            windows[0], windows[1],
                            (System.nanoTime() - started) / 1e9, fraudResult, recoResult, gold, trino, liveByDay(view),
                            result.elapsedSeconds() > 0 ? result.ordersPlaced() / result.elapsedSeconds() : 0, phases.seconds());
                } finally {
                    view.stopFollowing();
                }
            }
        } catch (Exception e) {
            throw phases.failed(e);
        }
    }

    /** A simulation plan; recommendations and fraud scenarios run on the business clock (weeks of commerce in minutes). */
    public static MarketplaceSimulator.Plan plan(GrowthPhase phase, double rate, long orders, long seed, boolean fraud, boolean businessClock) {
        return new MarketplaceSimulator.Plan(phase, rate, orders, null, seed, fraud, fraud || businessClock);
    }

    /** Waits until the recommendations job has published everything it will: no new profile or list for two list intervals. */
    public static void awaitFeedsSettled(WosConfig config, Consumer<String> progress) throws Exception {
        long quiet = 2 * config.get(WosSettings.RECO_LIST_INTERVAL_MS) + 1_000;
        long deadline = System.currentTimeMillis() + CatchUp.STALL_MS; // then evaluate what was served
        long end = RecommendationEvaluation.storeTopicEnd(config.kafkaBootstrap());
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(quiet);
            long now = RecommendationEvaluation.storeTopicEnd(config.kafkaBootstrap());
            if (now == end) return;
            progress.accept(String.format("recommendations settling: %,d profile and list versions published", now));
            end = now;
        }
        progress.accept("profiles and lists still changing after " + CatchUp.STALL_MS / 1000 + " s; evaluating what was served");
    }

    /**
     * Live GMV equals the source, or the capture has published and the job consumed every change committed before this
     * call ({@link CatchUp}); then the last window upserts (flushed with the job's checkpoint) are read.
     */
    public static void awaitCaughtUp(WosConfig config, LiveGmvView view, BigDecimal source, Consumer<String> progress) throws Exception {
        CatchUp.job(config, WosStages.LIVE_GMV, progress, () -> view.total(CURRENCY).compareTo(source) == 0);
        if (view.total(CURRENCY).compareTo(source) == 0) {
            Thread.sleep(500); // the day totals match; the minute windows' upserts of the same entries land alongside
            return;
        }
        Thread.sleep(config.get(WosSettings.GMV_CHECKPOINT_MS) * 2);
        view.stopFollowing();
        view.catchUp();
    }

    /** Waits until a job has consumed every change committed before the call ({@link CatchUp}), then for its last outputs. */
    public static void awaitJobCaughtUp(WosConfig config, StageDeclaration job, Consumer<String> progress) throws Exception {
        CatchUp.job(config, job, progress, () -> false);
        Thread.sleep(2_000); // alerts are published as facts arrive; offsets are committed with the checkpoint, after them
    }

    /** Live GMV per "day|currency", for the days the live job counted live (not the history it only reported). */
    static Map<String, BigDecimal> liveByDay(LiveGmvView view) {
        Map<String, BigDecimal> out = new java.util.TreeMap<>();
        view.dayTotals().forEach((k, v) -> out.put(k, v.getGmv()));
        view.historyTotals().keySet().forEach(out::remove);
        return out;
    }

    /** Waits until the capture has published every change committed before this call (a batch load then sees them all). */
    public static void awaitCaptureCaughtUp(WosConfig config, Consumer<String> progress) throws Exception {
        CatchUp.capture(config, progress);
    }

    public static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // best effort: a temp directory
        }
    }
}
