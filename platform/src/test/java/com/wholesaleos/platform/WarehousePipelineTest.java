package com.wholesaleos.platform;

import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.marketplace.metrics.SourceMetrics;
import com.wholesaleos.marketplace.metrics.SourceMilestones;
import com.wholesaleos.warehouse.milestone.GrowthPlan;
import com.wholesaleos.warehouse.milestone.MilestoneRefresh;
import com.wholesaleos.warehouse.milestone.MilestoneReport;
import com.wholesaleos.warehouse.milestone.MilestoneViews;
import com.wholesaleos.warehouse.trino.TrinoEndpoint;
import com.wholesaleos.marketplace.history.HistoryPlan;
import com.wholesaleos.marketplace.history.HistorySimulator;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.orchestration.dag.DagRunState;
import com.wholesaleos.orchestration.dag.TaskState;
import com.wholesaleos.orchestration.dag.WarehouseDags;
import com.wholesaleos.orchestration.run.DagRun;
import com.wholesaleos.orchestration.run.TaskAttempt;
import com.wholesaleos.console.WebConsole;
import com.wholesaleos.console.access.Role;
import com.wholesaleos.platform.console.ConsoleBrowser;
import com.wholesaleos.platform.devtools.DemoRun;
import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.platform.launcher.StageProcess;
import com.wholesaleos.platform.warehouse.WarehouseRuns;
import com.wholesaleos.schemas.ChangeTopic;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The warehouse on real stages: capture into Kafka, then warehouse_hourly's Spark runs (each its own JVM) into Iceberg
 * in the platform's PostgreSQL catalog. Gold daily GMV equals SQL over the source for every business day; silver holds
 * the source's current state with personal data hashed; a second run of the same DAG changes no table; a bronze load
 * killed (SIGKILL) after writing its files and before its commit, then run again, neither loses nor repeats a change;
 * a failing task is retried, then failed, its downstream never run, and the history says so.
 * Everything is done once up front; each test checks one outcome.
 */
class WarehousePipelineTest {
    private static Platform platform;
    private static Path dataDir;
    private static WosConfig config;
    private static MarketplaceDatabase db;

    private static DagRun firstRun;
    private static DagRun secondRun;
    private static Map<String, BigDecimal> sourceByDay;
    private static Map<String, BigDecimal> goldByDay;
    private static Map<String, Long> sourceCounts = new TreeMap<>();
    private static Map<String, Long> silverCounts = new TreeMap<>();
    private static List<List<String>> piiCheck;
    private static final String[] MART_QUERIES = {
            "SELECT CAST(cohort_month AS STRING) || '|' || months_since, cohort_size, active_retailers, share_active FROM wos.gold.retention_cohorts",
            "SELECT CAST(month AS STRING) || '|' || coalesce(CAST(region_id AS STRING), 'all'), ordering_retailers, repeat_retailers, "
                    + "repeat_purchase_rate, orders, repeat_orders, repeat_order_rate FROM wos.gold.repeat_purchase",
            "SELECT CAST(signup_month AS STRING), signed_up, activated_30d, activation_rate FROM wos.gold.activation",
            "SELECT CAST(day AS STRING) || '|' || currency, commission, referral_credits, affiliate_commissions, net_revenue FROM wos.gold.platform_revenue"};
    private static final List<Map<String, List<String>>> goldMarts = new ArrayList<>();
    private static final List<Map<String, List<String>>> sourceMarts = new ArrayList<>();
    private static MilestoneRefresh.Freshness milestonesFreshness;
    private static Map<String, Object> leadershipPage;
    private static MilestoneReport milestones;
    private static final Map<String, BigDecimal> federatedByDay = new TreeMap<>();
    private static java.time.LocalDate federatedReadOn;
    private static java.time.LocalDate sourceAsOf;
    private static Map<String, BigDecimal> sourceActuals;
    private static Map<String, List<BigDecimal>> sourceRollout;
    private static Map<String, BigDecimal> sourceByDayAtMilestones;
    private static Map<String, List<String>> fingerprintsBefore;
    private static Map<String, List<String>> fingerprintsAfter;
    private static boolean pausedBeforeCommit;
    private static List<String> ordersBronzeAfterKill;
    private static List<String> ordersBronzeBeforeKill;
    private static List<String> ordersBronzeAfterRerun;
    private static long ordersTopicRecords;
    private static long dataFilesOnDiskAfterKill;
    private static long dataFilesReferencedAfterKill;
    private static java.time.Instant backfillFrom;
    private static List<DagRun> backfilled;
    private static List<DagRun> backfilledAgain;
    private static DagRun failingRun;
    private static Map<String, TaskState> failingStates = new HashMap<>();
    private static List<TaskAttempt> failingAttempts;
    private static DagRun incrementalRun;
    private static Map<String, BigDecimal> sourceByDayAfterMore;
    private static Map<String, BigDecimal> goldByDayAfterMore;
    private static final List<Map<String, List<String>>> goldMartsAfterMore = new ArrayList<>();
    private static final List<Map<String, List<String>>> sourceMartsAfterMore = new ArrayList<>();
    private static List<List<List<String>>> incrementalCommits;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("wos-warehouse-it-");
        Map<String, String> overrides = new HashMap<>(DemoRun.isolated(dataDir));
        overrides.put(WosSettings.STAGES_ENABLED.key(), "ingestion,trino,console");
        platform = Platform.start(WosConfig.load(null, Map.of(), overrides), m -> System.out.println("[platform] " + m));
        platform.awaitReady();
        config = platform.config();
        db = MarketplaceDatabase.from(config);

        // Seven months of backdated history (cohorts to follow), then weeks of business on the simulator's business clock.
        new HistorySimulator(db, new HistoryPlan(7, 3, java.time.Instant.now().minus(java.time.Duration.ofDays(2)))).run(p -> {});
        new MarketplaceSimulator(db, DemoRun.plan(GrowthPhase.MVP, 0, 400, 7, false, true)).run(p -> {}, () -> false);
        DemoRun.awaitCaptureCaughtUp(config, System.out::println);
        try (WarehouseRuns runs = new WarehouseRuns(config)) {
            firstRun = runs.trigger(WarehouseDags.HOURLY, Optional.empty(), System.out::println);
            try (Connection c = db.connect()) {
                sourceByDay = SourceGmv.byDay(c);
                for (ChangeTopic t : ChangeTopic.values()) sourceCounts.put(t.table(), count(c, "SELECT count(*) FROM " + t.table()));
            }
            goldByDay = runs.goldGmvByDay();
            // The milestone views through the trino stage, and the same figures by plain SQL over the source, at one moment.
            try (Connection trino = TrinoEndpoint.connect(config)) {
                milestonesFreshness = MilestoneRefresh.freshness(trino, config); // refreshed by the run's milestones task, read here
                milestones = MilestoneReport.read(trino);
                federatedReadOn = java.time.LocalDate.now(java.time.ZoneOffset.UTC); // "today" of the view, should the run cross midnight
                try (var st = trino.createStatement(); ResultSet rs = st.executeQuery("SELECT day, currency, gmv FROM iceberg.milestones.gmv_daily")) {
                    while (rs.next()) federatedByDay.put(rs.getDate(1).toLocalDate() + "|" + rs.getString(2), rs.getBigDecimal(3));
                }
            }
            leadershipPage = readLeadershipPage();
            try (Connection c = db.connect()) {
                sourceAsOf = SourceMilestones.asOf(c);
                sourceActuals = SourceMilestones.actuals(c, sourceAsOf, MilestoneViews.CURRENCY);
                sourceRollout = SourceMilestones.regionRollout(c, sourceAsOf);
                sourceByDayAtMilestones = SourceGmv.byDay(c);
            }
            for (List<List<String>> rows : runs.query(MART_QUERIES)) {
                Map<String, List<String>> keyed = new TreeMap<>();
                for (List<String> row : rows) keyed.put(row.get(0), row.subList(1, row.size()));
                goldMarts.add(keyed);
            }
            try (Connection c = db.connect()) {
                sourceMarts.add(SourceMetrics.retentionCohorts(c));
                sourceMarts.add(SourceMetrics.repeatPurchase(c));
                sourceMarts.add(SourceMetrics.activation(c));
                sourceMarts.add(SourceMetrics.platformRevenue(c));
            }
            List<String> queries = new ArrayList<>();
            for (ChangeTopic t : ChangeTopic.values()) queries.add("SELECT count(*) FROM wos.silver." + t.table());
            queries.add("SELECT count(*), min(length(contact_phone)), max(length(contact_phone)), count(DISTINCT contact_phone) FROM wos.silver.retailers");
            var results = runs.query(queries.toArray(String[]::new));
            for (int i = 0; i < ChangeTopic.values().length; i++) {
                silverCounts.put(ChangeTopic.values()[i].table(), Long.parseLong(results.get(i).get(0).get(0)));
            }
            piiCheck = results.get(results.size() - 1);

            // Idempotence: the same DAG again over the same data.
            fingerprintsBefore = fingerprints(runs);
            secondRun = runs.trigger(WarehouseDags.HOURLY, Optional.empty(), System.out::println);
            fingerprintsAfter = fingerprints(runs);

            // A backfill of the last three hourly intervals, then the same backfill again (reprocess none: left alone).
            var schedule = new com.wholesaleos.orchestration.schedule.CronSchedule(runs.dag(WarehouseDags.HOURLY).schedule());
            java.time.Instant last = schedule.latestComplete(java.time.Instant.now()).start();
            backfillFrom = last.minus(java.time.Duration.ofHours(2));
            backfilled = runs.backfill(WarehouseDags.HOURLY, backfillFrom, last, WarehouseRuns.Reprocess.NONE, System.out::println);
            backfilledAgain = runs.backfill(WarehouseDags.HOURLY, backfillFrom, last, WarehouseRuns.Reprocess.NONE, System.out::println);

            // More orders; a bronze load paused after writing bronze.orders' files and killed there; then a normal one.
            ordersBronzeBeforeKill = runs.query(ORDERS_BRONZE).get(0).get(0);
            new MarketplaceSimulator(db, DemoRun.plan(GrowthPhase.MVP, 0, 150, 8, false, true)).run(p -> {}, () -> false);
            DemoRun.awaitCaptureCaughtUp(config, System.out::println);
            Path marker = config.dataDir().resolve("warehouse-commit-paused");
            WosConfig pausing = config.with(Map.of(WosSettings.WAREHOUSE_PAUSE_BEFORE_COMMIT.key(), "bronze.orders"));
            Path pausingFile = dataDir.resolve("pausing.properties");
            pausing.writeTo(pausingFile);
            StageProcess doomed = new StageProcess(WosStages.WAREHOUSE_BRONZE, pausing, pausingFile);
            doomed.start();
            try {
                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(marker) || !doomed.isAlive());
            } catch (ConditionTimeoutException e) {
                // asserted below, with what the warehouse looked like: pausedBeforeCommit stays false
            }
            pausedBeforeCommit = Files.exists(marker) && doomed.isAlive();
            doomed.kill();
            var afterKill = runs.query(ORDERS_BRONZE, "SELECT count(*) FROM wos.bronze.orders.files");
            ordersBronzeAfterKill = afterKill.get(0).get(0);
            dataFilesReferencedAfterKill = Long.parseLong(afterKill.get(1).get(0).get(0));
            try (Stream<Path> files = Files.walk(config.dataDir().resolve("warehouse").resolve("bronze").resolve("orders").resolve("data"))) {
                dataFilesOnDiskAfterKill = files.filter(f -> f.toString().endsWith(".parquet")).count();
            }
            assertEquals(0, StageProcess.runOnce(WosStages.WAREHOUSE_BRONZE, config, List.of(), System.out::println));
            ordersBronzeAfterRerun = runs.query(ORDERS_BRONZE).get(0).get(0);
            ordersTopicRecords = topicRecords(ChangeTopic.ORDERS.topic());

            // The hourly run after those orders: gold rebuilds only the partitions their changes touch.
            incrementalRun = runs.trigger(WarehouseDags.HOURLY, Optional.empty(), System.out::println);
            goldByDayAfterMore = runs.goldGmvByDay();
            for (List<List<String>> rows : runs.query(MART_QUERIES)) {
                Map<String, List<String>> keyed = new TreeMap<>();
                for (List<String> row : rows) keyed.put(row.get(0), row.subList(1, row.size()));
                goldMartsAfterMore.add(keyed);
            }
            try (Connection c = db.connect()) {
                sourceByDayAfterMore = SourceGmv.byDay(c);
                sourceMartsAfterMore.add(SourceMetrics.retentionCohorts(c));
                sourceMartsAfterMore.add(SourceMetrics.repeatPurchase(c));
                sourceMartsAfterMore.add(SourceMetrics.activation(c));
                sourceMartsAfterMore.add(SourceMetrics.platformRevenue(c));
            }
            List<String> commits = new ArrayList<>();
            for (String mart : List.of("daily_gmv", "daily_gmv_totals", "platform_revenue")) {
                commits.add("SELECT operation, summary['changed-partition-count'], (SELECT count(*) FROM wos.gold." + mart + ".partitions) FROM wos.gold."
                        + mart + ".snapshots ORDER BY committed_at DESC LIMIT 1");
            }
            incrementalCommits = runs.query(commits.toArray(String[]::new));
        }

        // A task that cannot work (no such Spark master): retried once, then failed; silver and gold never run.
        WosConfig broken = config.with(Map.of(WosSettings.WAREHOUSE_SPARK_MASTER.key(), "no-such-master",
                WosSettings.SCHEDULER_TASK_RETRIES.key(), "1", WosSettings.SCHEDULER_RETRY_DELAY_MS.key(), "200"));
        try (WarehouseRuns runs = new WarehouseRuns(broken)) {
            failingRun = runs.trigger(WarehouseDags.HOURLY, Optional.empty(), System.out::println);
            runs.history().taskInstances(failingRun.runId()).forEach((k, v) -> failingStates.put(k, v.state()));
            failingAttempts = runs.history().attempts(failingRun.runId());
        }
    }

    /** The leadership page's warehouse charts and milestone table as a real browser shows them (through the console and Trino). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> readLeadershipPage() throws Exception {
        String password = "leadership password";
        WebConsole.users(config).add("leader", Role.LEADERSHIP, password.toCharArray(), false);
        try (ConsoleBrowser browser = new ConsoleBrowser(Platform.restUrl(config, WosStages.CONSOLE))) {
            browser.signIn("leader", password);
            browser.open("/leadership");
            Map<String, Object> page = browser.waitFor(d -> (Map<String, Object>) browser.script("""
                    const opt = (id) => { const c = echarts.getInstanceByDom(document.getElementById(id)); return c ? c.getOption() : null; };
                    const t = opt('trend-chart'), h = opt('cohort-chart'), r = opt('retention-chart');
                    const rows = document.querySelectorAll('#milestones tbody tr');
                    if (!t || !h || !r || rows.length === 0) return null;
                    const pairs = (s) => s.data.map((p) => [String(p[0]), String(p[1])]);
                    return {
                      trend: Object.fromEntries(t.series.map((s) => [s.name, pairs(s)])),
                      months: h.yAxis[0].data,
                      cohorts: h.series[0].data.map((p) => p.map(String)),
                      retention: Object.fromEntries(r.series.map((s) => [s.name, pairs(s)])),
                      milestones: [...rows].map((tr) => [...tr.cells].map((td) => td.textContent)),
                      regions: document.querySelectorAll('#regions tbody tr').length,
                    };"""));
            browser.screenshot("leadership-warehouse");
            return page;
        }
    }

    private static Map<String, Double> pagePairs(Object pairs) {
        Map<String, Double> out = new TreeMap<>();
        for (Object p : (List<?>) pairs) out.put(String.valueOf(((List<?>) p).get(0)), Double.parseDouble(String.valueOf(((List<?>) p).get(1))));
        return out;
    }

    private static final String ORDERS_BRONZE = "SELECT count(*), count(DISTINCT kafka_partition, kafka_offset), count(decode_error) FROM wos.bronze.orders";

    /** Row count and an order-independent hash of every row, per silver and gold table (and row counts of bronze). */
    private static Map<String, List<String>> fingerprints(WarehouseRuns runs) throws Exception {
        List<String> tables = new ArrayList<>();
        for (ChangeTopic t : ChangeTopic.values()) {
            tables.add("bronze." + t.table());
            tables.add("silver." + t.table());
        }
        tables.addAll(List.of("silver.retailers_history", "silver.products_history"));
        for (String mart : List.of("daily_gmv", "daily_gmv_totals", "retention_cohorts", "repeat_purchase", "activation", "network_growth", "platform_revenue",
                "review_ratings", "distributor_fulfilment", "fraud_alerts_daily")) tables.add("gold." + mart);
        List<String> queries = tables.stream().map(t -> t.startsWith("bronze.")
                ? "SELECT count(*), 0 FROM wos." + t : "SELECT count(*), sum(hash(*)) FROM wos." + t).toList();
        var results = runs.query(queries.toArray(String[]::new));
        Map<String, List<String>> out = new TreeMap<>();
        for (int i = 0; i < tables.size(); i++) out.put(tables.get(i), results.get(i).get(0));
        return out;
    }

    private static long count(Connection c, String sql) throws Exception {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long topicRecords(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            long end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            long begin = consumer.beginningOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            return end - begin;
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
        DemoRun.deleteRecursively(dataDir);
    }

    @Test
    void goldDailyGmvEqualsSqlOverTheSourceForEveryBusinessDay() {
        assertEquals(DagRunState.SUCCESS, firstRun.state());
        assertTrue(sourceByDay.size() >= 100, "months of business days to compare: " + sourceByDay.size());
        assertEquals(sourceByDay, goldByDay);
    }

    @Test
    void anHourlyRunAfterMoreOrdersRebuildsOnlyTheDaysTheyTouchAndGoldStillEqualsSql() {
        assertEquals(DagRunState.SUCCESS, incrementalRun.state());
        for (List<List<String>> commit : incrementalCommits) {
            List<String> last = commit.get(0);
            assertEquals("overwrite", last.get(0), "replaced by partition, not rebuilt whole: " + commit);
            long changed = Long.parseLong(last.get(1));
            long partitions = Long.parseLong(last.get(2));
            assertTrue(changed > 0 && changed < partitions / 2, changed + " of " + partitions + " day partitions rewritten");
        }
        assertTrue(sourceByDayAfterMore.size() >= sourceByDay.size(), "more days or the same");
        assertEquals(sourceByDayAfterMore, goldByDayAfterMore);
        assertEquals(sourceMartsAfterMore.get(0), goldMartsAfterMore.get(0), "retention cohorts");
        assertEquals(sourceMartsAfterMore.get(1), goldMartsAfterMore.get(1), "repeat purchase");
        assertEquals(sourceMartsAfterMore.get(2), goldMartsAfterMore.get(2), "activation");
        assertEquals(sourceMartsAfterMore.get(3), goldMartsAfterMore.get(3), "platform revenue");
        assertTrue(!sourceByDayAfterMore.equals(sourceByDay), "the new orders changed GMV");
    }

    @Test
    void goldMartsEqualTheSameMetricsBySqlOverTheSource() {
        assertEquals(sourceMarts.get(0), goldMarts.get(0), "retention cohorts");
        assertEquals(sourceMarts.get(1), goldMarts.get(1), "repeat purchase");
        assertEquals(sourceMarts.get(2), goldMarts.get(2), "activation");
        assertEquals(sourceMarts.get(3), goldMarts.get(3), "platform revenue");
        // Not vacuous: cohorts followed over months, repeat orders, activated retailers, commission earned.
        assertTrue(goldMarts.get(0).keySet().stream().anyMatch(k -> k.endsWith("|3")), "a cohort seen three months on: " + goldMarts.get(0).keySet());
        assertTrue(goldMarts.get(1).values().stream().anyMatch(v -> Long.parseLong(v.get(4)) > 0), "repeat orders");
        assertTrue(goldMarts.get(2).values().stream().anyMatch(v -> Long.parseLong(v.get(1)) > 0), "activated retailers");
        assertTrue(goldMarts.get(3).values().stream().anyMatch(v -> new BigDecimal(v.get(0)).signum() > 0), "commission");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLeadershipPagesWarehouseChartsAndMilestonesEqualSqlOverTheSource() {
        Map<String, Double> trend = pagePairs(((Map<String, Object>) leadershipPage.get("trend")).get("GMV USD"));
        Map<String, Double> expectedTrend = new TreeMap<>();
        sourceByDay.forEach((k, v) -> { if (k.endsWith("|USD")) expectedTrend.put(k.substring(0, k.indexOf('|')), v.doubleValue()); });
        assertTrue(expectedTrend.size() >= 100);
        assertEquals(expectedTrend, trend, "GMV trend chart, per day");
        List<String> months = (List<String>) leadershipPage.get("months");
        Map<String, Double> cohorts = new TreeMap<>();
        for (List<String> cell : (List<List<String>>) leadershipPage.get("cohorts")) {
            cohorts.put(months.get(Integer.parseInt(cell.get(1))) + "|" + cell.get(0), Double.parseDouble(cell.get(2)));
        }
        Map<String, Double> expectedCohorts = new TreeMap<>();
        sourceMarts.get(0).forEach((k, v) -> expectedCohorts.put(k, Double.parseDouble(v.get(2))));
        assertEquals(expectedCohorts, cohorts, "cohort heat map cells");
        Map<String, Object> retention = (Map<String, Object>) leadershipPage.get("retention");
        Map<String, Double> expectedRepeat = new TreeMap<>();
        sourceMarts.get(1).forEach((k, v) -> { if (k.endsWith("|all")) expectedRepeat.put(k.substring(0, k.indexOf('|')), Double.parseDouble(v.get(2))); });
        assertEquals(expectedRepeat, pagePairs(retention.get("repeat purchase rate")), "repeat purchase rate per month");
        Map<String, Double> expectedActivation = new TreeMap<>();
        sourceMarts.get(2).forEach((k, v) -> expectedActivation.put(k, Double.parseDouble(v.get(2))));
        assertEquals(expectedActivation, pagePairs(retention.get("activation (30 days)")), "activation rate per sign-up month");
        List<List<String>> rows = (List<List<String>>) leadershipPage.get("milestones");
        assertEquals(milestones.milestones().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) assertEquals(milestones.milestones().get(i).status(), rows.get(i).get(7), "milestone row " + i);
        assertEquals(milestones.regions().size(), ((Number) leadershipPage.get("regions")).intValue());
    }

    @Test
    void silverHoldsTheSourcesCurrentStateWithPersonalDataHashed() {
        assertEquals(sourceCounts, silverCounts);
        List<String> pii = piiCheck.get(0);
        assertEquals(String.valueOf(sourceCounts.get("retailers")), pii.get(0));
        assertEquals("64", pii.get(1), "SHA-256 hex, never the phone number");
        assertEquals("64", pii.get(2));
        assertTrue(Long.parseLong(pii.get(3)) > sourceCounts.get("retailers") / 2, "distinct phones stay distinct: " + pii);
    }

    @Test
    void runningTheSameDagAgainChangesNoTable() {
        assertEquals(DagRunState.SUCCESS, secondRun.state());
        // 15 change topics x (bronze, silver) + 2 SCD histories + 10 gold marts: none skipped
        assertEquals(ChangeTopic.values().length * 2 + 2 + 10, fingerprintsBefore.keySet().size());
        assertEquals(fingerprintsBefore, fingerprintsAfter);
    }

    @Test
    void aBronzeLoadKilledBetweenWriteAndCommitLosesAndRepeatsNothing() {
        assertTrue(pausedBeforeCommit, "the load reached bronze.orders' commit and waited there");
        assertEquals(ordersBronzeBeforeKill, ordersBronzeAfterKill, "the killed load committed nothing to bronze.orders");
        assertTrue(dataFilesOnDiskAfterKill > dataFilesReferencedAfterKill,
                "it had written files the table does not reference: " + dataFilesOnDiskAfterKill + " on disk, " + dataFilesReferencedAfterKill + " in the table");
        assertEquals(List.of(String.valueOf(ordersTopicRecords), String.valueOf(ordersTopicRecords), "0"), ordersBronzeAfterRerun,
                "every record of the topic exactly once");
        assertTrue(Long.parseLong(ordersBronzeAfterRerun.get(0)) > Long.parseLong(ordersBronzeBeforeKill.get(0)));
    }

    @Test
    void aBackfillOfThreeIntervalsRunsThemOldestFirstAndAgainLeavesThemAlone() {
        assertEquals(List.of(backfillFrom, backfillFrom.plus(java.time.Duration.ofHours(1)), backfillFrom.plus(java.time.Duration.ofHours(2))),
                backfilled.stream().map(DagRun::logicalDate).toList());
        assertTrue(backfilled.stream().allMatch(r -> r.state() == DagRunState.SUCCESS && r.runType() == DagRun.RunType.BACKFILL), backfilled.toString());
        assertEquals(List.of(), backfilledAgain, "reprocess none: dates that have a run are left alone");
    }

    @Test
    void aFailingTaskIsRetriedThenFailedAndItsDownstreamNeverRuns() {
        assertEquals(DagRunState.FAILED, failingRun.state());
        assertEquals(Map.of("bronze", TaskState.FAILED, "silver", TaskState.UPSTREAM_FAILED, "gold", TaskState.UPSTREAM_FAILED,
                "milestones", TaskState.UPSTREAM_FAILED), failingStates);
        assertEquals(List.of("bronze:1:failed", "bronze:2:failed"),
                failingAttempts.stream().map(a -> a.taskId() + ":" + a.tryNumber() + ":" + a.state()).toList());
        assertTrue(failingAttempts.get(1).error().contains("no-such-master") || failingAttempts.get(1).error().contains("Master URL"),
                failingAttempts.get(1).error());
    }

    @Test
    void milestoneViewsThroughTrinoEqualSqlOverTheSource() {
        assertTrue(milestonesFreshness.current(), "warehouse_hourly's milestones task refreshed them: " + milestonesFreshness.describe());
        assertEquals(Optional.of(firstRun.runId()), milestonesFreshness.warehouseRun());
        assertEquals(sourceAsOf, milestones.asOf(), "as of the latest business day");
        GrowthPlan plan = GrowthPlan.load();
        assertEquals(plan.targets().size(), milestones.milestones().size(), "every phase x metric of the plan");
        int compared = 0;
        for (MilestoneReport.Milestone m : milestones.milestones()) {
            if (!plan.metric(m.metric()).measured()) {
                assertEquals("not measured", m.status(), m.phase() + " " + m.metric());
                assertNull(m.actual(), m.metric() + " has no source: never a figure, never met");
                continue;
            }
            BigDecimal expected = sourceActuals.get(m.metric());
            assertNotNull(expected, "SQL has " + m.metric());
            assertNotNull(m.actual(), m.phase() + " " + m.metric());
            assertEquals(0, expected.compareTo(m.actual()), m.phase() + " " + m.metric() + ": SQL " + expected + ", Trino " + m.actual());
            assertEquals(m.actual().compareTo(m.target()) >= 0, m.status().equals("met"), m.phase() + " " + m.metric() + " " + m.status());
            assertEquals(m.actual().doubleValue() / m.target().doubleValue(), m.progress(), 1e-4);
            compared++;
        }
        assertTrue(compared >= 20, "measured milestones compared: " + compared);
        assertTrue(sourceActuals.get("gmv").signum() > 0 && sourceActuals.get("repeat_purchase") != null && sourceActuals.get("average_rating") != null,
                "the data set exercises every measured metric: " + sourceActuals);
    }

    @Test
    void regionRolloutThroughTrinoEqualsSqlOverTheSource() {
        assertEquals(sourceRollout.keySet(), milestones.regions().stream().map(MilestoneReport.Region::code).collect(java.util.stream.Collectors.toSet()));
        int withRate = 0;
        for (MilestoneReport.Region r : milestones.regions()) {
            List<BigDecimal> expected = sourceRollout.get(r.code());
            if (expected.get(0) == null) {
                assertNull(r.repeatOrderRate(), r.code());
                assertFalse(r.ready(), r.code() + " without a measured month cannot be ready");
            } else {
                withRate++;
                assertEquals(0, expected.get(0).compareTo(r.repeatOrderRate()), r.code() + " repeat order rate");
                assertEquals(expected.get(0).compareTo(r.repeatOrderRateTarget()) >= 0, r.repeatOrderRateMet(), r.code());
            }
            assertEquals(expected.get(1).longValue(), r.activeDistributors(), r.code() + " active distributors");
            assertEquals(r.repeatOrderRateMet() && r.distributorCoverageMet(), r.ready(), r.code());
        }
        assertTrue(withRate > 0, "some region has a complete month");
    }

    @Test
    void theFederatedViewJoinsWarehouseHistoryAndTodayFromTheLiveDatabase() {
        String today = federatedReadOn.toString();
        Map<String, BigDecimal> expected = new TreeMap<>();
        sourceByDayAtMilestones.forEach((k, v) -> {
            if (k.compareTo(today + "|~") < 0 && v.signum() != 0) expected.put(k, v.setScale(2));
        });
        Map<String, BigDecimal> actual = new TreeMap<>();
        federatedByDay.forEach((k, v) -> {
            if (v.signum() != 0) actual.put(k, v.setScale(2));
        });
        assertTrue(expected.size() >= 100, "history days: " + expected.size());
        assertEquals(expected, actual);
    }
}
