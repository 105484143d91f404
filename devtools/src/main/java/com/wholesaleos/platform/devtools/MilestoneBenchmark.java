package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.warehouse.milestone.MilestoneRefresh;
import com.wholesaleos.warehouse.milestone.MilestoneReport;
import com.wholesaleos.warehouse.milestone.MilestoneViews;
import com.wholesaleos.warehouse.trino.TrinoEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Milestone queries through Trino's JDBC driver over months of history (36: the plan's Phase 4 year is months 24-36),
 * loaded into the warehouse first ({@link WarehouseBenchmark}'s load with the trino stage beside it): each view's latency
 * p50/p95/max over repeated runs on one connection after a warm-up, Trino's start-to-ready time and its memory.
 * Printed and saved, never asserted.
 */
public final class MilestoneBenchmark implements PlatformBenchmark {
    /**
     * The queries {@code wos milestones} (and a milestone page) runs: the materialized tables; and, for comparison, the
     * same views computed from the marts, and the federated views (which also read the live database).
     */
    static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("progress", "SELECT * FROM " + MilestoneRefresh.PROGRESS);
        QUERIES.put("region_rollout", "SELECT * FROM " + MilestoneRefresh.REGIONS);
        QUERIES.put("progress_view_computed", "SELECT * FROM " + MilestoneViews.SCHEMA + ".progress");
        QUERIES.put("region_rollout_view_computed", "SELECT * FROM " + MilestoneViews.SCHEMA + ".region_rollout");
        QUERIES.put("gmv_daily_90d", "SELECT * FROM " + MilestoneViews.SCHEMA + ".gmv_daily WHERE day >= current_date - INTERVAL '90' DAY");
        QUERIES.put("today_federated", "SELECT * FROM " + MilestoneViews.SCHEMA + ".today");
    }

    private static final Pattern READY = Pattern.compile("trino ready at \\S+ in ([0-9.]+) s");

    private final WosConfig requested;
    private final int months;
    private final int runs;
    private final Consumer<String> out;

    public MilestoneBenchmark(WosConfig requested, int months, int runs, Consumer<String> out) {
        this.requested = requested;
        this.months = months;
        this.runs = runs;
        this.out = out;
    }

    @Override
    public Map<String, Object> run() throws Exception {
        return new WarehouseBenchmark(requested, months, out, "ingestion,trino", "milestones",
                (platform, db, figures) -> measure(platform, db, runs, figures, out)).run();
    }

    private static void measure(Platform platform, MarketplaceDatabase db, int runs, Map<String, Object> figures, Consumer<String> out) throws Exception {
        WosConfig config = platform.config();
        Path stageLog = platform.stage(WosStages.TRINO).process().log();
        Matcher ready = READY.matcher(Files.readString(stageLog));
        Double startSeconds = null;
        while (ready.find()) startSeconds = Double.parseDouble(ready.group(1));
        figures.put("trino_start_to_ready_s", startSeconds);
        figures.put("trino_heap", config.get(com.wholesaleos.config.WosSettings.TRINO_HEAP));
        try (Connection trino = TrinoEndpoint.connect(config)) {
            // warehouse_hourly's milestones task (the one writer) refreshed them; the benchmark only reads.
            MilestoneRefresh.Freshness freshness = MilestoneRefresh.freshness(trino, config);
            if (!freshness.current()) throw new IllegalStateException(freshness.describe());
            timeQueries(trino, runs, figures, out);
            // Correctness is the tests' (WarehousePipelineTest: every milestone equals SQL over the source); here only what it says.
            MilestoneReport report = MilestoneReport.read(trino);
            figures.put("milestones_as_of", String.valueOf(report.asOf()));
            figures.put("milestones_met", report.milestones().stream().filter(m -> m.status().equals("met")).count());
            figures.put("milestones", report.milestones().size());
        }
        long pid = Long.parseLong(Files.readString(config.dataDir().resolve("trino/trino.pid")).trim());
        figures.put("trino_rss_mb", BenchResults.rssMb(pid));
        figures.put("trino_peak_rss_mb", BenchResults.peakRssMb(pid));
    }

    /**
     * Each of {@link #QUERIES} run {@code runs} times on one connection after 3 warm-up runs: rows and latency
     * p50/p95/max in ms, into {@code figures} as {@code <query>_ms_p50} and so on.
     */
    static void timeQueries(Connection trino, int runs, Map<String, Object> figures, Consumer<String> out) throws Exception {
        for (var q : QUERIES.entrySet()) {
            out.accept("trino: " + q.getKey() + " x " + runs + " ...");
            for (int i = 0; i < 3; i++) rows(trino, q.getValue());
            List<Long> micros = new ArrayList<>();
            long rows = 0;
            for (int i = 0; i < runs; i++) {
                long s = System.nanoTime();
                rows = rows(trino, q.getValue());
                micros.add((System.nanoTime() - s) / 1000);
            }
            Collections.sort(micros);
            figures.put(q.getKey() + "_rows", rows);
            figures.put(q.getKey() + "_ms_p50", micros.get(micros.size() / 2) / 1000.0);
            figures.put(q.getKey() + "_ms_p95", micros.get((int) Math.ceil(micros.size() * 0.95) - 1) / 1000.0);
            figures.put(q.getKey() + "_ms_max", micros.get(micros.size() - 1) / 1000.0);
        }
    }

    private static long rows(Connection c, String sql) throws Exception {
        long n = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) n++;
        }
        return n;
    }
}
