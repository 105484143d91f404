package com.wholesaleos.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.platform.devtools.DemoRun;
import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.cdc.Operation;
import com.wholesaleos.schemas.cdc.OrderChange;
import com.wholesaleos.topics.TopicReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.message.BinaryMessageDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bulk bootstrap: business written before the capture's first start is taken in by its initial snapshot, read in
 * one exported PostgreSQL snapshot whose LSN the replication slot starts streaming from, while orders keep being
 * placed. Every order reaches its topic, those written before the start exactly once and as snapshot reads, none
 * twice; and live GMV over the bootstrap and the streamed changes equals SQL over the source to the cent (a seam would
 * lose or double a change, and with it money).
 */
class BulkBootstrapTest {
    private static Platform platform;
    private static Path dataDir;
    private static MarketplaceDatabase db;
    private static long ordersBeforeCapture;
    private static final Map<Long, List<OrderChange>> changes = new HashMap<>();
    private static BigDecimal source;
    private static BigDecimal live;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("wos-bootstrap-it-");
        Map<String, String> overrides = new HashMap<>(DemoRun.isolated(dataDir));
        overrides.put(WosSettings.STAGES_ENABLED.key(), "ingestion,live-gmv");
        WosConfig requested = WosConfig.load(null, Map.of(), overrides);
        // Every stage held back: the database and the broker only, as on a fresh machine before the capture's first start.
        platform = Platform.start(requested, m -> System.out.println("[platform] " + m), List.of(WosStages.INGESTION, WosStages.LIVE_GMV));
        db = MarketplaceDatabase.from(platform.config());
        new MarketplaceSimulator(db, DemoRun.plan(GrowthPhase.MVP, 0, 1_500, 3, false, true)).run(p -> {}, () -> false);
        ordersBeforeCapture = count("SELECT count(*) FROM orders");

        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread during = new Thread(() -> {
            try {
                new MarketplaceSimulator(db, DemoRun.plan(GrowthPhase.MVP, 50, 500, 4, false, false)).run(p -> {}, () -> false);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        platform.launchDeferred();
        during.start(); // orders placed while the snapshot is read
        platform.awaitReady();
        during.join();
        assertEquals(null, failure.get());

        DemoRun.awaitCaptureCaughtUp(platform.config(), m -> {});
        BinaryMessageDecoder<OrderChange> decoder = OrderChange.createDecoder(ReleasedSchemas.store());
        TopicReader.readToEnd(platform.config().kafkaBootstrap(), ChangeTopic.ORDERS.topic(), Map.of(), r -> {
            try {
                OrderChange c = decoder.decode(r.value());
                long id = (c.getAfter() != null ? c.getAfter() : c.getBefore()).getId();
                changes.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (Connection c = db.connect()) {
            source = SourceGmv.total(c).getOrDefault("USD", BigDecimal.ZERO.setScale(2));
        }
        try (LiveGmvView view = new LiveGmvView(platform.config().kafkaBootstrap())) {
            view.startFollowing();
            DemoRun.awaitCaughtUp(platform.config(), view, source, m -> {});
            view.stopFollowing();
            view.catchUp();
            live = view.total("USD");
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
        DemoRun.deleteRecursively(dataDir);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void everyOrderReachesItsTopicAndThoseWrittenBeforeTheStartExactlyOnceAsSnapshotReads() throws Exception {
        Set<Long> inDatabase = new TreeSet<>();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM orders")) {
            while (rs.next()) inDatabase.add(rs.getLong(1));
        }
        assertTrue(inDatabase.size() > ordersBeforeCapture, "orders were placed during the snapshot too: " + inDatabase.size());
        assertEquals(inDatabase, new TreeSet<>(changes.keySet()), "every order on wos.cdc.orders, and no other");
        long reads = 0;
        long created = 0;
        for (Map.Entry<Long, List<OrderChange>> e : changes.entrySet()) {
            long snapshotReads = e.getValue().stream().filter(c -> c.getOp() == Operation.READ).count();
            long creates = e.getValue().stream().filter(c -> c.getOp() == Operation.CREATE).count();
            assertEquals(1, snapshotReads + creates, "order " + e.getKey() + " read by the snapshot or created after it, once: " + e.getValue());
            created += creates;
            if (snapshotReads == 1) {
                reads++;
                assertTrue(e.getValue().get(0).getOp() == Operation.READ && e.getValue().get(0).getSource().getSnapshot(),
                        "a snapshot read comes before the changes streamed after it: order " + e.getKey());
            }
        }
        assertTrue(created > 0, "orders placed after the snapshot's LSN are streamed as creates");
        assertTrue(reads >= ordersBeforeCapture, reads + " snapshot reads for " + ordersBeforeCapture + " orders written before the capture started");
    }

    @Test
    void liveGmvOverTheBootstrapAndTheStreamedChangesEqualsSql() {
        assertTrue(source.signum() > 0, "GMV to compare: " + source);
        assertEquals(source, live, "live GMV = SQL over the source, to the cent");
    }
}
