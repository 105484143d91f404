package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.marketplace.history.HistoryPlan;
import com.wholesaleos.marketplace.history.HistorySimulator;
import com.wholesaleos.orchestration.dag.WarehouseDags;
import com.wholesaleos.orchestration.run.DagRun;
import com.wholesaleos.orchestration.run.TaskAttempt;
import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.platform.topics.TopicCounts;
import com.wholesaleos.platform.warehouse.WarehouseRuns;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The warehouse on months of backdated history: the history is written in bulk, captured into the change topics,
 * then warehouse_hourly runs once over all of it (the first load) and once more with nothing new (what every later
 * hourly run costs at least). Per task: wall time and rows per second; gold's daily GMV checked against SQL.
 * Printed and saved, never asserted.
 */
public final class WarehouseBenchmark implements PlatformBenchmark {
    private final WosConfig requested;
    private final int months;
    private final Consumer<String> out;
    private final String stages;
    private final String name;
    private final AfterLoad afterLoad;

    /** What a benchmark built on this one measures once the warehouse is loaded, on the same platform. */
    public interface AfterLoad {
        void measure(Platform platform, MarketplaceDatabase db, Map<String, Object> figures) throws Exception;
    }

    public WarehouseBenchmark(WosConfig requested, int months, Consumer<String> out) {
        this(requested, months, out, "ingestion", "warehouse", (p, db, f) -> {});
    }

    /** The same load with more stages running, then {@code afterLoad}'s measurements; saved under {@code name}. */
    public WarehouseBenchmark(WosConfig requested, int months, Consumer<String> out, String stages, String name, AfterLoad afterLoad) {
        this.requested = requested;
        this.months = months;
        this.out = out;
        this.stages = stages;
        this.name = name;
        this.afterLoad = afterLoad;
    }

    @Override
    public Map<String, Object> run() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, String> only = new HashMap<>();
        only.put(WosSettings.STAGES_ENABLED.key(), stages);
        try (Platform platform = Platform.start(requested.with(only), out)) {
            platform.awaitReady();
            WosConfig config = platform.config();
            MarketplaceDatabase db = MarketplaceDatabase.from(config);
            Instant end = Instant.now().minus(Duration.ofMillis(config.get(WosSettings.GMV_LIVE_HORIZON_MS))).minus(Duration.ofHours(1));
            var history = new HistorySimulator(db, new HistoryPlan(months, 1, end)).run(out);
            figures.put("history_months", months);
            figures.put("orders", history.orders());
            figures.put("order_lines", history.lines());
            figures.put("retailers", history.retailers());
            figures.put("history_write_s", round(history.elapsedSeconds()));
            figures.put("history_orders_per_s", Math.round(history.ordersPerSecond()));

            long captureStart = System.nanoTime();
            DemoRun.awaitCaptureCaughtUp(config, out);
            double captureSeconds = (System.nanoTime() - captureStart) / 1e9;
            long events;
            try (TopicCounts counts = new TopicCounts(config.kafkaBootstrap())) {
                events = counts.changeEvents();
            }
            // The capture runs while the history is written: what is left after the write is its tail.
            figures.put("change_events", events);
            figures.put("capture_tail_after_write_s", round(captureSeconds));
            figures.put("write_to_topics_events_per_s", Math.round(events / Math.max(history.elapsedSeconds() + captureSeconds, 1e-3)));

            try (WarehouseRuns runs = new WarehouseRuns(config)) {
                long dagStart = System.nanoTime();
                DagRun first = runs.trigger(WarehouseDags.HOURLY, Optional.empty(), out);
                figures.put("first_run_state", first.state().dbName());
                figures.put("first_run_wall_s", round((System.nanoTime() - dagStart) / 1e9));
                Map<String, Double> tasks = taskSeconds(runs, first);
                tasks.forEach((task, s) -> figures.put(task + "_s", round(s)));
                figures.put("bronze_rows_per_s", Math.round(events / Math.max(tasks.getOrDefault("bronze", 0.0), 1e-3)));
                figures.put("silver_rows_per_s", Math.round(events / Math.max(tasks.getOrDefault("silver", 0.0), 1e-3)));

                Map<String, BigDecimal> gold = runs.goldGmvByDay();
                Map<String, BigDecimal> source;
                try (Connection c = db.connect()) {
                    source = SourceGmv.byDay(c);
                }
                figures.put("gold_days", gold.size());
                figures.put("gold_equals_sql", gold.equals(source));

                long again = System.nanoTime();
                DagRun second = runs.trigger(WarehouseDags.HOURLY, Optional.empty(), out);
                figures.put("idle_run_state", second.state().dbName());
                figures.put("idle_run_wall_s", round((System.nanoTime() - again) / 1e9));
                taskSeconds(runs, second).forEach((task, s) -> figures.put("idle_" + task + "_s", round(s)));
            }
            figures.put("warehouse_mb", directoryMb(config.dataDir().resolve("warehouse")));
            afterLoad.measure(platform, db, figures);
        }
        BenchResults.save(name, figures, out);
        return figures;
    }

    /** Each task's last successful try, in seconds (JVM start to exit: Spark's start-up included). */
    private static Map<String, Double> taskSeconds(WarehouseRuns runs, DagRun run) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        for (TaskAttempt a : runs.history().attempts(run.runId())) {
            if (a.endDate() != null) out.put(a.taskId(), Duration.between(a.startDate(), a.endDate()).toMillis() / 1000.0);
        }
        return out;
    }

    private static long directoryMb(Path dir) throws Exception {
        if (!Files.exists(dir)) return 0;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum() / (1024 * 1024);
        }
    }

    private static double round(double seconds) { return Math.round(seconds * 10) / 10.0; }
}
