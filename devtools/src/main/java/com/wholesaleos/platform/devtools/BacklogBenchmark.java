package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.observability.health.CheckpointFiles;
import com.wholesaleos.observability.health.PlatformHealth;
import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.platform.launcher.StageProcess;
import com.wholesaleos.schemas.ChangeTopic;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The live GMV job draining a backlog, with nothing else running: the change topics are filled first (capture alone),
 * then the job starts on them from scratch. Reports events, wall time to drain (from RUNNING until its output equals SQL
 * over the source), CPU seconds the job's JVM used, events per CPU second, its checkpoint size and
 * RSS, and checks the result against SQL over the source. Printed and saved, never asserted.
 */
public final class BacklogBenchmark implements PlatformBenchmark {
    private final Map<String, String> isolated;
    private final WosConfig requested;
    private final long orders;
    private final Consumer<String> out;

    private final StageDeclaration job;

    public BacklogBenchmark(WosConfig requested, Map<String, String> isolated, long orders, Consumer<String> out) {
        this(requested, isolated, orders, WosStages.LIVE_GMV, out);
    }

    /** @param job the live GMV job (drained when its output equals SQL) or another job (drained when it consumed the topics to their ends) */
    public BacklogBenchmark(WosConfig requested, Map<String, String> isolated, long orders, StageDeclaration job, Consumer<String> out) {
        this.job = job;
        this.requested = requested;
        this.isolated = isolated;
        this.orders = orders;
        this.out = out;
    }

    @Override
    public Map<String, Object> run() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "backlog-" + job.name());
        figures.put("machine_cores", Runtime.getRuntime().availableProcessors());
        figures.put("orders", orders);
        Map<String, String> captureOnly = new HashMap<>(isolated);
        captureOnly.put(WosSettings.STAGES_ENABLED.key(), WosStages.INGESTION.name());
        WosConfig fill = requested.with(captureOnly);
        BigDecimal source;
        try (Platform p = Platform.start(fill, out)) {
            p.awaitReady();
            MarketplaceDatabase db = MarketplaceDatabase.from(p.config());
            new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, orders, null, 11))
                    .run(s -> out.accept("backlog: filling " + s.line()), () -> false);
            PlatformHealth health = new PlatformHealth(p.config());
            while (health.backlog(job).captureLagBytes() > 64 * 1024) {
                out.accept(String.format("backlog: capture %,d bytes behind", health.backlog(job).captureLagBytes()));
                Thread.sleep(1_000);
            }
            try (Connection c = db.connect()) {
                source = SourceGmv.total(c).getOrDefault(DemoRun.CURRENCY, BigDecimal.ZERO.setScale(2));
            }
        }
        // Same data directory and ports, the job alone: it starts from nothing (no checkpoint, no committed offsets).
        Map<String, String> jobOnly = new HashMap<>(isolated);
        jobOnly.put(WosSettings.STAGES_ENABLED.key(), job.name());
        WosConfig drain = requested.with(jobOnly);
        if (job != WosStages.LIVE_GMV) {
            drainByOffsets(drain, figures);
            BenchResults.save("backlog-" + job.name(), figures, out);
            return figures;
        }
        try (Platform p = Platform.start(drain, out)) {
            long events = inputEvents(p.config().kafkaBootstrap());
            figures.put("events", events);
            p.awaitReady();
            StageProcess process = p.stage(job).process();
            ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow();
            long cpu0 = handle.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
            long t0 = System.nanoTime();
            // Drained = its output equals SQL over the source (the last upsert landed). Its committed offsets trail that:
            // the source commits them at checkpoints, and an idle fetcher runs the commit only when its poll times out.
            try (LiveGmvView view = new LiveGmvView(p.config().kafkaBootstrap())) {
                long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
                long lastPrint = 0;
                while (view.total(DemoRun.CURRENCY).compareTo(source) != 0 && System.nanoTime() < deadline) {
                    view.poll(Duration.ofMillis(50));
                    if (System.nanoTime() - lastPrint > 1_000_000_000L) {
                        lastPrint = System.nanoTime();
                        out.accept(String.format("backlog: %s at %s of %s", job.name(), view.total(DemoRun.CURRENCY).toPlainString(), source.toPlainString()));
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long cpu1 = handle.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
                double cpuSeconds = (cpu1 - cpu0) / 1000.0;
                figures.put("drain_seconds", round(seconds));
                figures.put("events_per_second", Math.round(events / seconds));
                figures.put("cpu_seconds", round(cpuSeconds));
                figures.put("cores_used", round(cpuSeconds / seconds));
                figures.put("events_per_cpu_second", cpuSeconds > 0 ? Math.round(events / cpuSeconds) : -1);
                figures.put("gmv_source", source.toPlainString());
                figures.put("gmv_live", view.total(DemoRun.CURRENCY).toPlainString());
                figures.put("exact", view.total(DemoRun.CURRENCY).compareTo(source) == 0);
            }
            figures.put("rss_mb", BenchResults.rssMb(process.pid()));
            List<Path> checkpoints = CheckpointFiles.completed(job.checkpointRoot(p.config().dataDir()));
            figures.put("checkpoint_bytes", checkpoints.isEmpty() ? -1 : CheckpointFiles.bytes(checkpoints.get(0)));
            PlatformHealth health = new PlatformHealth(p.config());
            while (health.backlog(job).jobLagEvents() > 0) Thread.sleep(200);
            figures.put("offsets_committed_seconds", round((System.nanoTime() - t0) / 1e9));
        }
        BenchResults.save("backlog", figures, out);
        return figures;
    }

    /** A job without one total to compare: drained when its committed offsets reach the ends of every topic it reads. */
    private void drainByOffsets(WosConfig drain, Map<String, Object> figures) throws Exception {
        try (Platform p = Platform.start(drain, out)) {
            p.awaitReady();
            StageProcess process = p.stage(job).process();
            ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow();
            long cpu0 = handle.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
            long t0 = System.nanoTime();
            PlatformHealth health = new PlatformHealth(p.config());
            long lastPrint = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (health.backlog(job).jobLagEvents() != 0 && System.nanoTime() < deadline) {
                if (System.nanoTime() - lastPrint > 1_000_000_000L) {
                    lastPrint = System.nanoTime();
                    out.accept(String.format("backlog: %s %,d change events behind", job.name(), health.backlog(job).jobLagEvents()));
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu1 = handle.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
            double cpuSeconds = (cpu1 - cpu0) / 1000.0;
            long events = consumedEvents(p.config().kafkaBootstrap(), job.consumerGroup());
            figures.put("events", events);
            figures.put("drain_seconds", round(seconds));
            figures.put("drain_measured_by", "committed offsets (at checkpoints: +/- one checkpoint interval)");
            figures.put("events_per_second", Math.round(events / seconds));
            figures.put("orders_per_second", Math.round(orders / seconds));
            figures.put("cpu_seconds", round(cpuSeconds));
            figures.put("cores_used", round(cpuSeconds / seconds));
            figures.put("events_per_cpu_second", cpuSeconds > 0 ? Math.round(events / cpuSeconds) : -1);
            figures.put("orders_per_cpu_second", cpuSeconds > 0 ? Math.round(orders / cpuSeconds) : -1);
            figures.put("rss_mb", BenchResults.rssMb(process.pid()));
            List<Path> checkpoints = CheckpointFiles.completed(job.checkpointRoot(p.config().dataDir()));
            figures.put("checkpoint_bytes", checkpoints.isEmpty() ? -1 : CheckpointFiles.bytes(checkpoints.get(0)));
        }
    }

    /** Change events a consumer group has consumed: its committed offsets on the change topics (they start at 0, kept forever). */
    private static long consumedEvents(String bootstrap, String group) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().startsWith(ChangeTopic.PREFIX) && e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private static long inputEvents(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long n = 0;
            for (ChangeTopic t : List.of(ChangeTopic.ORDERS, ChangeTopic.ORDER_ITEMS, ChangeTopic.REFUNDS)) {
                List<TopicPartition> tps = c.partitionsFor(t.topic()).stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                var begin = c.beginningOffsets(tps);
                for (var e : c.endOffsets(tps).entrySet()) n += e.getValue() - begin.get(e.getKey());
            }
            return n;
        }
    }

    private static double round(double v) { return Math.round(v * 100) / 100.0; }
}
