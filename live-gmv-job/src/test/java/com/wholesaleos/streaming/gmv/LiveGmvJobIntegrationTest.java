package com.wholesaleos.streaming.gmv;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.streaming.cdc.RejectedRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job graph on a Flink MiniCluster (parallelism 2) with its source plugged in from outside: changes of many
 * orders, interleaved at random (a rebalance even reorders one order's own changes) and partly delivered twice, give exactly the windows an
 * independent computation of the GMV definition gives.
 */
class LiveGmvJobIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long T0 = 1_700_000_000_000L;

    /** What the generator decided for one order; the expectation is computed from this, not from the ledger. */
    record Plan(long id, long region, String segment, List<long[]> lines /* category, cents */, long confirmAt, long cancelAt,
                List<long[]> refunds /* id, lineIndex, cents, at */) {}

    /** Changes in arrival order, and the windows the GMV definition gives for them. */
    record Scenario(List<CdcRecord> arrival, Map<String, BigDecimal> expected) {}

    static Scenario scenario(long seed, int orders) {
        Random random = new Random(seed);
        List<Plan> plans = new ArrayList<>();
        long refundIds = 1;
        for (long id = 1; id <= orders; id++) {
            long placed = T0 + random.nextInt(600_000);
            List<long[]> lines = new ArrayList<>();
            for (int l = 0; l < 1 + random.nextInt(4); l++) lines.add(new long[] {1 + random.nextInt(5), 100 + random.nextInt(100_000)});
            int fate = random.nextInt(10);
            long confirm = fate == 0 ? -1 : placed + random.nextInt(120_000);
            long cancel = fate == 1 || fate == 0 ? (confirm < 0 ? placed : confirm) + random.nextInt(120_000) : -1;
            List<long[]> refunds = new ArrayList<>();
            if (fate >= 8) {
                int li = random.nextInt(lines.size());
                refunds.add(new long[] {refundIds++, li, 1 + random.nextInt((int) lines.get(li)[1]), confirm + 200_000 + random.nextInt(60_000)});
            }
            plans.add(new Plan(id, 1 + random.nextInt(3), random.nextBoolean() ? "chain" : "online", lines, confirm, cancel, refunds));
        }

        // One stream per topic, each in commit order; then a random interleaving, with replays.
        List<List<CdcRecord>> topics = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        long lsn = 1;
        for (Plan p : plans) {
            long placed = p.confirmAt > 0 ? p.confirmAt - 1 : p.cancelAt - 1;
            topics.get(0).add(CdcRecord.order(p.id, lsn++, placed, "placed", p.region, p.segment, "USD"));
            for (int i = 0; i < p.lines.size(); i++) {
                topics.get(1).add(CdcRecord.item(p.id, lsn++, placed, i + 1, p.lines.get(i)[0], BigDecimal.valueOf(p.lines.get(i)[1], 2)));
            }
            if (p.confirmAt > 0) topics.get(0).add(CdcRecord.order(p.id, lsn++, p.confirmAt, "confirmed", p.region, p.segment, "USD"));
            if (p.cancelAt > 0) topics.get(0).add(CdcRecord.order(p.id, lsn++, p.cancelAt, "cancelled", p.region, p.segment, "USD"));
            for (long[] r : p.refunds) {
                topics.get(2).add(CdcRecord.refund(p.id, lsn++, r[3], r[0], (int) r[1] + 1, BigDecimal.valueOf(r[2], 2)));
            }
        }
        for (List<CdcRecord> t : topics) t.sort((a, b) -> Long.compare(a.lsn, b.lsn));
        List<CdcRecord> arrival = new ArrayList<>();
        int[] next = new int[3];
        while (next[0] < topics.get(0).size() || next[1] < topics.get(1).size() || next[2] < topics.get(2).size()) {
            int t = random.nextInt(3);
            if (next[t] >= topics.get(t).size()) continue;
            CdcRecord r = topics.get(t).get(next[t]++);
            arrival.add(r);
            if (random.nextInt(20) == 0) arrival.add(r); // at-least-once delivery
        }
        CdcRecord broken = new CdcRecord();
        broken.kind = CdcRecord.REJECTED;
        broken.reason = "cannot decode";
        broken.commitTimeMs = T0;
        arrival.add(arrival.size() / 2, broken);

        Map<String, BigDecimal> expected = new HashMap<>();
        for (Plan p : plans) {
            if (p.confirmAt < 0) continue;
            for (long[] l : p.lines) {
                add(expected, p, l[0], p.confirmAt, l[1]);
                if (p.cancelAt > 0) add(expected, p, l[0], p.cancelAt, -l[1]);
            }
            for (long[] r : p.refunds) add(expected, p, p.lines.get((int) r[1])[0], r[3], -r[2]);
        }
        return new Scenario(arrival, expected);
    }

    @Test
    void windowsEqualTheDefinitionWhateverTheArrivalOrderAndDuplicates() throws Exception {
        Scenario scenario = scenario(7, 300);
        List<CdcRecord> arrival = scenario.arrival();
        Map<String, BigDecimal> expected = scenario.expected();

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        var changes = env.fromData(arrival).setParallelism(1).assignTimestampsAndWatermarks(
                WatermarkStrategy.<CdcRecord>forBoundedOutOfOrderness(Duration.ofMinutes(10)).withTimestampAssigner((r, t) -> r.commitTimeMs));
        LiveGmvJob.Outputs out = LiveGmvJob.build(changes, Duration.ofHours(1).toMillis(), Duration.ofDays(30).toMillis());
        CloseableIterator<GmvWindowValue> windows = out.windows().collectAsync();
        CloseableIterator<RejectedRecord> rejected = out.rejected().collectAsync();
        env.execute("live-gmv-test");

        List<RejectedRecord> rejects = new ArrayList<>();
        rejected.forEachRemaining(rejects::add);
        Map<String, BigDecimal> live = new HashMap<>();
        BigDecimal dayTotal = BigDecimal.ZERO;
        Map<String, BigDecimal> days = new HashMap<>();
        while (windows.hasNext()) {
            GmvWindowValue v = windows.next();
            if (v.window.equals("MINUTE")) live.put(v.key, v.gmv);
            else days.put(v.key, v.gmv);
        }
        for (BigDecimal d : days.values()) dayTotal = dayTotal.add(d);

        var missing = new java.util.TreeSet<>(expected.keySet());
        missing.removeAll(live.keySet());
        var extra = new java.util.TreeSet<>(live.keySet());
        extra.removeAll(expected.keySet());
        assertTrue(missing.isEmpty() && extra.isEmpty(), "windows missing " + missing + ", unexpected " + extra + "; rejected "
                + rejects.stream().map(r -> r.reason).toList());
        expected.forEach((k, v) -> assertEquals(0, v.compareTo(live.get(k)), k + ": expected " + v + ", live " + live.get(k)));
        BigDecimal expectedTotal = expected.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, expectedTotal.compareTo(dayTotal), "day-to-date " + dayTotal + " vs " + expectedTotal);
        assertEquals(1, rejects.size());
        assertEquals("live-gmv", rejects.get(0).stage);
    }

    /** Fails the job once, mid-stream; Flink restores the last checkpoint (ledger, windows, source position) and replays. */
    static final java.util.concurrent.atomic.AtomicBoolean FAILED_ONCE = new java.util.concurrent.atomic.AtomicBoolean();
    /** Changes the restarted attempt processed: all of them if it started from scratch, fewer if it resumed from a checkpoint. */
    static final java.util.concurrent.atomic.AtomicInteger PROCESSED_AFTER_RESTART = new java.util.concurrent.atomic.AtomicInteger();

    @org.junit.jupiter.params.ParameterizedTest(name = "state backend {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"hashmap", "rocksdb"})
    void aTaskFailureMidStreamRecoversFromTheCheckpointWithNothingLostOrCountedTwice(String stateBackend) throws Exception {
        Scenario scenario = scenario(11, 250);
        int failAt = scenario.arrival().size() * 2 / 3;
        Configuration conf = new Configuration();
        conf.set(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND, stateBackend);
        conf.set(org.apache.flink.configuration.CheckpointingOptions.INCREMENTAL_CHECKPOINTS, stateBackend.equals("rocksdb"));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(100);
        FAILED_ONCE.set(false);
        PROCESSED_AFTER_RESTART.set(0);
        var changes = env.fromData(scenario.arrival())
                .map(new org.apache.flink.api.common.functions.RichMapFunction<CdcRecord, CdcRecord>() {
                    private int seen;

                    @Override
                    public CdcRecord map(CdcRecord r) throws Exception {
                        Thread.sleep(2); // slow enough for checkpoints to complete before the failure
                        if (getRuntimeContext().getTaskInfo().getAttemptNumber() > 0) PROCESSED_AFTER_RESTART.incrementAndGet();
                        if (++seen >= failAt && FAILED_ONCE.compareAndSet(false, true)) throw new IllegalStateException("injected failure");
                        return r;
                    }
                })
                .assignTimestampsAndWatermarks(WatermarkStrategy.<CdcRecord>forBoundedOutOfOrderness(Duration.ofMinutes(10))
                        .withTimestampAssigner((r, t) -> r.commitTimeMs));
        LiveGmvJob.Outputs out = LiveGmvJob.build(changes, Duration.ofHours(1).toMillis(), Duration.ofDays(30).toMillis());
        CloseableIterator<GmvWindowValue> windows = out.windows().collectAsync();
        env.execute("live-gmv-failover-test");

        assertTrue(FAILED_ONCE.get(), "the failure was injected");
        // A restart from scratch would also end exact (it replays everything), so check that it resumed part-way.
        int total = scenario.arrival().size();
        int afterRestart = PROCESSED_AFTER_RESTART.get();
        assertTrue(afterRestart > 0 && afterRestart < total - failAt / 2,
                "the restarted attempt resumed from a checkpoint near the failure: it processed " + afterRestart + " of " + total
                        + " changes (failed at " + failAt + "; from scratch it would process all)");
        Map<String, BigDecimal> live = new HashMap<>();
        while (windows.hasNext()) {
            GmvWindowValue v = windows.next();
            if (v.window.equals("MINUTE")) live.put(v.key, v.gmv);
        }
        assertEquals(scenario.expected().keySet(), live.keySet());
        scenario.expected().forEach((k, v) -> assertEquals(0, v.compareTo(live.get(k)), k + ": expected " + v + ", live " + live.get(k)));
    }

    private static void add(Map<String, BigDecimal> m, Plan p, long category, long at, long cents) {
        GmvEntry e = new GmvEntry(at, p.region, category, p.segment, "USD", BigDecimal.ZERO, at);
        m.merge(GmvWindow.MINUTE.key(e), BigDecimal.valueOf(cents, 2), BigDecimal::add);
    }
}
