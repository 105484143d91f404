package com.wholesaleos.platform;

import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.platform.cli.Wos;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.platform.devtools.DemoRun;
import com.wholesaleos.platform.dlq.DeadLetterInbox;
import com.wholesaleos.platform.gmv.GmvReconciliation;
import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.cdc.OrderChange;
import com.wholesaleos.schemas.cdc.OrderItemChange;
import com.wholesaleos.schemas.cdc.RefundChange;
import com.wholesaleos.schemas.dlq.DeadLetter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data path on real services, one platform for the class: embedded PostgreSQL 17, an in-JVM Kafka broker,
 * the Debezium engine and the Flink MiniCluster in their own JVMs. Live GMV is checked against SQL over
 * PostgreSQL, per minute window and per day, to the cent. Each test brings its own traffic and checks the whole
 * state, so none depends on another having run before it.
 */
class LiveGmvPipelineTest {
    private static final Duration CONVERGE = Duration.ofMinutes(3);
    private static Path dataDir;
    private static Platform platform;
    private static MarketplaceDatabase db;
    private static LiveGmvView view;
    private static Map<String, String> overrides;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("wos-it-");
        overrides = new HashMap<>(DemoRun.isolated(dataDir));
        // A wide replay window: a crash of the capture then surely re-delivers events, which must not count twice.
        overrides.put("ingestion.offset-flush-interval-ms", "60000");
        // The GMV path alone: the fraud path has its own end-to-end test, and two cores run one Flink JVM at a time best.
        overrides.put("stages.enabled", "ingestion,live-gmv");
        startPlatform();
    }

    private static void startPlatform() throws Exception {
        platform = Platform.start(WosConfig.load(null, Map.of(), overrides), m -> System.out.println("[platform] " + m));
        platform.awaitReady();
        db = MarketplaceDatabase.from(platform.config());
        view = new LiveGmvView(platform.config().kafkaBootstrap());
    }

    @AfterAll
    static void stop() {
        if (view != null) view.close();
        if (platform != null) platform.close();
        if (dataDir != null) DemoRun.deleteRecursively(dataDir);
    }

    private static void simulate(long orders, double rate, long seed) throws Exception {
        new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, rate, orders, null, seed)).run(p -> {}, () -> false);
    }

    /** Waits until live GMV equals the reference in every minute window and every day, to the cent; fails with the differences. */
    private static void assertLiveGmvMatchesSource() throws Exception {
        Map<String, BigDecimal> expectedDays = new HashMap<>();
        Map<String, BigDecimal> expectedMinutes = new HashMap<>();
        try (Connection c = db.connect()) {
            SourceGmv.byDay(c).forEach(expectedDays::put);
            SourceGmv.byMinute(c).forEach((k, v) -> expectedMinutes.put(
                    k.windowStartMs() + "|" + k.regionId() + "|" + k.categoryId() + "|" + k.segment() + "|" + k.currency(), v));
        }
        Awaitility.await("live GMV equals SQL over the source").atMost(CONVERGE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            view.catchUp();
            view.poll(Duration.ofMillis(100));
            Map<String, BigDecimal> liveDays = new HashMap<>();
            view.dayTotals().forEach((k, v) -> liveDays.put(k, v.getGmv()));
            Map<String, BigDecimal> liveMinutes = new HashMap<>();
            view.minuteWindows().forEach((k, v) -> liveMinutes.put(k, v.getGmv()));
            List<String> problems = new ArrayList<>(differences(expectedDays, liveDays, "day"));
            problems.addAll(differences(expectedMinutes, liveMinutes, "minute window"));
            assertTrue(problems.isEmpty(), problems.size() + " difference(s) of " + expectedDays.size() + " days and " + expectedMinutes.size()
                    + " minute windows, e.g. " + problems.subList(0, Math.min(5, problems.size())));
        });
    }

    private static List<String> differences(Map<String, BigDecimal> expected, Map<String, BigDecimal> actual, String what) {
        List<String> problems = new ArrayList<>();
        for (var e : expected.entrySet()) {
            BigDecimal a = actual.get(e.getKey());
            if (a == null || a.compareTo(e.getValue()) != 0) problems.add(what + " " + e.getKey() + ": SQL " + e.getValue() + ", live " + a);
        }
        for (String k : actual.keySet()) if (!expected.containsKey(k)) problems.add(what + " " + k + ": live only, " + actual.get(k));
        return problems;
    }

    @Test
    void liveGmvEqualsSqlOverPostgresPerWindowAndDayToDate() throws Exception {
        simulate(400, 80, 1);
        assertLiveGmvMatchesSource();
        GmvReconciliation.Result reconciled;
        try (Connection c = db.connect()) {
            reconciled = GmvReconciliation.run(c, view, null);
        }
        assertTrue(reconciled.clean(), "wos reconcile's comparison: " + reconciled.minuteDifferences());
        assertTrue(reconciled.minuteWindows() > 0);
        // A table rewrite re-stamps every row version; the reference dates by business time, so it stays right.
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM FULL order_status_history");
            s.execute("VACUUM FULL refunds");
            reconciled = GmvReconciliation.run(c, view, null);
        }
        assertTrue(reconciled.clean(), "after VACUUM FULL: " + reconciled.minuteDifferences());

        // What a person or a script reads: wos gmv --json shows today's day-to-date total.
        StringWriter out = new StringWriter();
        int code = Wos.commandLine().setOut(new PrintWriter(out))
                .execute("gmv", "--json", "--set", "kafka.bootstrap-servers=" + platform.config().kafkaBootstrap());
        assertEquals(0, code);
        var printed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        view.catchUp();
        var todayTotal = view.dayTotals().get(printed.get("day").asText() + "|USD");
        BigDecimal expectedToday = todayTotal == null ? BigDecimal.ZERO.setScale(2) : todayTotal.getGmv();
        assertEquals(0, expectedToday.compareTo(new BigDecimal(printed.get("gmv_today").asText())), out.toString());
        assertEquals(15, printed.get("minutes").size(), "the 15 minutes up to now, quiet ones as zero: " + out);
    }

    @Test
    void crashingEachStageMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread simulator = new Thread(() -> {
            try {
                simulate(900, 45, 2);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        long duplicatesBefore = redeliveredChanges();
        int ingestionRestarts = platform.restarts(WosStages.INGESTION);
        int gmvRestarts = platform.restarts(WosStages.LIVE_GMV);
        long start = count("orders");
        simulator.start();
        awaitOrders(start + 150);
        platform.stage(WosStages.INGESTION).process().kill();   // SIGKILL: no graceful offset flush
        awaitOrders(start + 400);
        platform.stage(WosStages.LIVE_GMV).process().kill();    // SIGKILL: restores from the last completed checkpoint
        simulator.join();
        assertNull(failure.get());
        awaitTrue(() -> platform.restarts(WosStages.INGESTION) > ingestionRestarts && platform.restarts(WosStages.LIVE_GMV) > gmvRestarts,
                "the supervisor restarted both stages");
        platform.awaitReady();
        assertLiveGmvMatchesSource();
        assertTrue(redeliveredChanges() > duplicatesBefore, "the capture crash re-delivered changes (at-least-once), so de-duplication was exercised");
        String gmvLog = Files.readString(platform.stage(WosStages.LIVE_GMV).process().log());
        assertTrue(gmvLog.contains("from checkpoint"), "the restarted job restored its checkpoint:\n" + gmvLog);
    }

    @Test
    void malformedAndContractBreakingRecordsAreDeadLetteredAndThePipelineKeepsGoing() throws Exception {
        String bootstrap = platform.config().kafkaBootstrap();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(ChangeTopic.ORDERS.topic(), "999999".getBytes(), "not avro at all".getBytes())).get();
        }
        // Schema drift in the source: a row the categories contract cannot hold.
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE categories ALTER COLUMN name DROP NOT NULL");
            s.execute("INSERT INTO categories (name) VALUES (NULL)");
        }
        DeadLetter undecodable = awaitDeadLetter(d -> d.getStage().equals("live-gmv") && d.getReason().contains("cannot decode"));
        assertEquals(ChangeTopic.ORDERS.topic(), undecodable.getSourceTopic());
        assertEquals("not avro at all", new String(bytes(undecodable.getPayload())));
        DeadLetter drift = awaitDeadLetter(d -> d.getStage().equals("ingestion") && d.getReason().contains("column 'name' of categories is null"));
        assertTrue(drift.getSourcePosition().contains("lsn="), drift.getSourcePosition());

        simulate(100, 80, 3);
        assertLiveGmvMatchesSource();
    }

    /** Change events of orders, lines and refunds that are on Kafka more than once (same topic, key and LSN). */
    private static long redeliveredChanges() {
        Properties p = new Properties();
        p.put("bootstrap.servers", platform.config().kafkaBootstrap());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = List.of(new TopicPartition(ChangeTopic.ORDERS.topic(), 0),
                    new TopicPartition(ChangeTopic.ORDER_ITEMS.topic(), 0), new TopicPartition(ChangeTopic.REFUNDS.topic(), 0));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            java.util.Set<String> seen = new java.util.HashSet<>();
            long duplicates = 0;
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    long lsn;
                    try {
                        lsn = switch (ChangeTopic.forTopic(r.topic()).orElseThrow()) {
                            case ORDERS -> OrderChange.getDecoder().decode(r.value()).getSource().getLsn();
                            case ORDER_ITEMS -> OrderItemChange.getDecoder().decode(r.value()).getSource().getLsn();
                            default -> RefundChange.getDecoder().decode(r.value()).getSource().getLsn();
                        };
                    } catch (Exception e) {
                        continue; // the malformed record another test writes
                    }
                    String id = r.topic() + "|" + new String(r.key()) + "|" + lsn;
                    if (!seen.add(id)) duplicates++;
                }
            }
            return duplicates;
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static DeadLetter awaitDeadLetter(Predicate<DeadLetter> wanted) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", platform.config().kafkaBootstrap());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(PlatformTopic.DEAD_LETTER.topic(), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    DeadLetter d = DeadLetter.getDecoder().decode(r.value());
                    seen.add(d.getStage() + ": " + d.getReason());
                    if (wanted.test(d)) return d;
                }
            }
            return fail("no such dead letter; saw " + seen);
        }
    }

    @Test
    void aSecondStartWithAClientConnectedResumesFromTheDataDirectory() throws Exception {
        simulate(150, 80, 4);
        long ordersBefore = count("orders");
        long resumedBefore = Files.readString(platform.stage(WosStages.LIVE_GMV).process().log()).lines().filter(l -> l.contains("from checkpoint")).count();
        try (Connection client = db.connect(); Statement idle = client.createStatement()) {
            idle.execute("SELECT 1"); // a psql or BI session left open must not block the stop
            view.close();
            platform.close(); // everything stops; ports are chosen afresh on the next start
            assertThrows(java.sql.SQLException.class, () -> idle.execute("SELECT 1"), "the client was disconnected by the fast shutdown");
        }
        startPlatform();
        assertEquals(ordersBefore, count("orders"), "the database kept its orders");
        simulate(150, 80, 5);
        assertLiveGmvMatchesSource();
        long resumedAfter = Files.readString(platform.stage(WosStages.LIVE_GMV).process().log()).lines().filter(l -> l.contains("from checkpoint")).count();
        assertEquals(resumedBefore + 1, resumedAfter, "the live GMV job resumed from its checkpoint after the restart");
    }

    @Test
    void killingThePostmasterUnderLoadRecoversWithGmvExact() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<MarketplaceSimulator.Result> result = new AtomicReference<>();
        Thread simulator = new Thread(() -> {
            try {
                result.set(new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 45, 600, null, 6)).run(p -> {}, () -> false));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        simulator.start();
        awaitOrders(count("orders") + 100);
        long pid = platform.postgres().pid();
        int restartsBefore = platform.postgresRestarts();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL of the postmaster: no shutdown checkpoint
        simulator.join();
        assertNull(failure.get(), () -> "the simulator survived the crash: " + failure.get());
        assertEquals(restartsBefore + 1, platform.postgresRestarts(), "the launcher restarted PostgreSQL");
        assertNotEquals(pid, platform.postgres().pid());
        assertTrue(result.get().reconnects() >= 1, "the simulator lost its connection and reconnected");
        assertEquals(600, result.get().ordersPlaced());
        platform.awaitReady();
        assertLiveGmvMatchesSource();
    }

    @Test
    void sumsBeyondTheFirstOutputContractAreCountedExactly() throws Exception {
        simulate(20, 80, 7); // the catalog exists
        String max = "9999999999999999.99"; // NUMERIC(18,2) at its maximum
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            // 120 orders of one line at the column's maximum: their day total (1.2e18) overflowed decimal(20,2), contract v1.
            s.execute("CREATE TEMP TABLE big ON COMMIT DROP AS WITH o AS (INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, total_amount) "
                    + "SELECT r.id, r.region_id, r.segment, 'USD', " + max + " FROM generate_series(1, 120), "
                    + "(SELECT * FROM retailers ORDER BY id LIMIT 1) r RETURNING id) SELECT id FROM o");
            s.execute("INSERT INTO order_items (order_id, line_no, product_id, category_id, quantity, unit_price, line_total) "
                    + "SELECT b.id, 1, p.id, p.category_id, 1, " + max + ", " + max + " FROM big b, (SELECT * FROM products ORDER BY id LIMIT 1) p");
            s.execute("INSERT INTO order_status_history (order_id, status) SELECT id, 'placed' FROM big");
            s.execute("CREATE TEMP TABLE big_ids AS SELECT id FROM big");
            c.commit();
            s.execute("UPDATE orders SET status = 'confirmed', updated_at = now() WHERE id IN (SELECT id FROM big_ids)");
            s.execute("INSERT INTO order_status_history (order_id, status) SELECT id, 'confirmed' FROM big_ids");
            c.commit();
        }
        assertLiveGmvMatchesSource();
        simulate(60, 80, 8); // and GMV keeps flowing
        assertLiveGmvMatchesSource();
    }

    @Test
    void aRenamedColumnIsDeadLetteredThenReplayedIntoItsOriginalMinutes() throws Exception {
        simulate(20, 80, 9); // the catalog exists
        long before = DeadLetterInbox.read(platform.config().kafkaBootstrap()).size();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE order_items RENAME COLUMN line_total TO line_amount");
            c.setAutoCommit(false);
            s.execute("CREATE TEMP TABLE renamed ON COMMIT DROP AS WITH o AS (INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, total_amount) "
                    + "SELECT r.id, r.region_id, r.segment, 'USD', 246.90 FROM generate_series(1, 5), "
                    + "(SELECT * FROM retailers ORDER BY id LIMIT 1) r RETURNING id) SELECT id FROM o");
            s.execute("INSERT INTO order_items (order_id, line_no, product_id, category_id, quantity, unit_price, line_amount) "
                    + "SELECT b.id, n, p.id, p.category_id, 1, 123.45, 123.45 FROM renamed b, generate_series(1, 2) n, (SELECT * FROM products ORDER BY id LIMIT 1) p");
            s.execute("INSERT INTO order_status_history (order_id, status) SELECT id, 'confirmed' FROM renamed");
            s.execute("UPDATE orders SET status = 'confirmed', updated_at = now() WHERE id IN (SELECT id FROM renamed)");
            c.commit();
            c.setAutoCommit(true);
            awaitTrue(() -> DeadLetterInbox.read(platform.config().kafkaBootstrap()).stream()
                    .filter(e -> e.letter().getReason().contains("'line_total'")).count() >= 10, "the 10 lines were dead-lettered");
            s.execute("ALTER TABLE order_items RENAME COLUMN line_amount TO line_total"); // the source is fixed; the lines stay missing from GMV
        }
        GmvReconciliation.Result drifted;
        try (Connection c = db.connect()) {
            view.catchUp();
            drifted = GmvReconciliation.run(c, view, null);
        }
        assertFalse(drifted.clean(), "without the lines live GMV is short");

        String dataDir = platform.config().dataDir().toString();
        StringWriter out = new StringWriter();
        int code = Wos.commandLine().setOut(new PrintWriter(out)).execute("dlq", "replay", "--data-dir", dataDir, "--reason", "'line_total'",
                "--set", "ingestion.column-aliases=order_items.line_amount=line_total");
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("\"replayed\":10"), out.toString());
        assertLiveGmvMatchesSource(); // every minute window: the replayed lines count in the minute they were committed

        StringWriter again = new StringWriter();
        assertEquals(0, Wos.commandLine().setOut(new PrintWriter(again)).execute("dlq", "replay", "--data-dir", dataDir, "--reason", "'line_total'"));
        assertTrue(again.toString().contains("\"replayed\":0"), "a second replay skips what went through: " + again);
        StringWriter list = new StringWriter();
        assertEquals(0, Wos.commandLine().setOut(new PrintWriter(list)).execute("dlq", "list", "--json", "--data-dir", dataDir));
        var entries = new com.fasterxml.jackson.databind.ObjectMapper().readTree(list.toString());
        assertTrue(entries.size() >= before + 10);
        int replayed = 0;
        for (var e : entries) {
            if (e.get("reason").asText().contains("'line_total'")) {
                assertEquals("replayed", e.get("replay_state").asText(), e.toString());
                assertEquals(1, e.get("attempts").asInt());
                replayed++;
            }
        }
        assertEquals(10, replayed);
        assertLiveGmvMatchesSource();
    }

    @Test
    void theReadmeConsumerExampleDecodesEveryTopicAndTailShowsKeysAndValues() throws Exception {
        simulate(50, 80, 10);
        assertLiveGmvMatchesSource();
        String bootstrap = platform.config().kafkaBootstrap();
        java.io.PrintStream discard = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        for (var topic : com.wholesaleos.schemas.Topics.all()) {
            long decoded = com.wholesaleos.platform.readme.ReadmeConsumer.printAll(bootstrap, topic.name(), discard);
            long onTopic = recordsOn(topic.name());
            if (topic.name().equals(ChangeTopic.ORDERS.topic())) onTopic -= malformedOrders(); // written as garbage by the dead-letter test
            assertEquals(onTopic, decoded, topic.name() + ": every record decodes");
        }
        // The topic guide (docs/topics.md) shows the example as it is compiled and run here.
        String readme = Files.readString(Path.of(System.getProperty("wos.home", "..")).resolve("docs/topics.md"));
        String example = Files.readString(Path.of(System.getProperty("wos.home", "..")).resolve(
                "platform/src/test/java/com/wholesaleos/platform/readme/ReadmeConsumer.java"));
        String body = example.substring(example.indexOf("// README: consumer example (begin)") + "// README: consumer example (begin)".length(),
                example.indexOf("// README: consumer example (end)")).strip();
        assertTrue(readme.contains(body), "docs/topics.md holds the consumer example exactly as ReadmeConsumer.java has it");

        StringWriter out = new StringWriter();
        assertEquals(0, Wos.commandLine().setOut(new PrintWriter(out)).execute("tail", ChangeTopic.ORDER_ITEMS.topic(), "--from-beginning", "--json",
                "--max", "3", "--data-dir", platform.config().dataDir().toString()));
        var lines = out.toString().strip().lines().toList();
        assertEquals(3, lines.size(), out.toString());
        var first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
        assertTrue(first.get("key").asText().matches("\\d+\\|\\d+"), "order_id|line_no: " + first);
        assertTrue(first.get("value").get("after").get("line_total").asText().matches("-?\\d+\\.\\d{2}"), "exact decimal: " + first);
    }

    private static long malformedOrders() {
        Properties p = new Properties();
        p.put("bootstrap.servers", platform.config().kafkaBootstrap());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(ChangeTopic.ORDERS.topic(), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long bad = 0;
            while (c.position(tp) < end) {
                for (var r : c.poll(Duration.ofMillis(200))) if (r.value().length > 0 && (r.value()[0] & 0xFF) != 0xC3) bad++;
            }
            return bad;
        }
    }

    /** Records on a topic as a plain read_committed consumer sees them (transaction markers take offsets but are no records). */
    private static long recordsOn(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", platform.config().kafkaBootstrap());
        p.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long n = 0;
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) n += c.poll(Duration.ofMillis(200)).count();
            return n;
        }
    }

    @Test
    void aChangeOlderThanTheLatenessBoundIsDeadLetteredThenAddedToItsClosedWindow() throws Exception {
        simulate(60, 80, 12);
        assertLiveGmvMatchesSource();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // A refund recorded with a business time two hours back: its minute window closed an hour ago.
            s.execute("INSERT INTO refunds (order_id, line_no, amount, reason, created_at) "
                    + "SELECT id, 1, 1.00, 'backdated goodwill', now() - interval '2 hours' FROM orders WHERE status = 'delivered' ORDER BY id LIMIT 1");
        }
        awaitTrue(() -> DeadLetterInbox.read(platform.config().kafkaBootstrap()).stream()
                .anyMatch(e -> e.letter().getReason().contains("beyond allowed lateness") && "pending".equals(e.state())), "the late entry was dead-lettered");
        GmvReconciliation.Result before;
        try (Connection c = db.connect()) {
            view.catchUp();
            before = GmvReconciliation.run(c, view, null);
        }
        assertFalse(before.minuteDifferences().isEmpty(), "its closed minute window lacks the refund");

        StringWriter out = new StringWriter();
        assertEquals(0, Wos.commandLine().setOut(new PrintWriter(out)).execute("dlq", "replay", "--reason", "beyond allowed lateness",
                "--data-dir", platform.config().dataDir().toString()), out.toString());
        assertTrue(out.toString().contains("added to its closed window"), out.toString());
        assertLiveGmvMatchesSource(); // every minute window and day, to the cent
    }

    @Test
    void anOrderShippedWithoutAConfirmedStatusCountsFromItsShippingInTheJobAndTheReference() throws Exception {
        simulate(20, 80, 13); // the catalog exists
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE TEMP TABLE skipped ON COMMIT DROP AS WITH o AS (INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, total_amount) "
                    + "SELECT r.id, r.region_id, r.segment, 'USD', 77.70 FROM (SELECT * FROM retailers ORDER BY id LIMIT 1) r RETURNING id) SELECT id FROM o");
            s.execute("INSERT INTO order_items (order_id, line_no, product_id, category_id, quantity, unit_price, line_total) "
                    + "SELECT b.id, 1, p.id, p.category_id, 1, 77.70, 77.70 FROM skipped b, (SELECT * FROM products ORDER BY id LIMIT 1) p");
            s.execute("INSERT INTO order_status_history (order_id, status) SELECT id, 'placed' FROM skipped");
            s.execute("CREATE TEMP TABLE skipped_ids AS SELECT id FROM skipped");
            c.commit();
            s.execute("UPDATE orders SET status = 'shipped', updated_at = now() WHERE id IN (SELECT id FROM skipped_ids)"); // no 'confirmed' step
            s.execute("INSERT INTO order_status_history (order_id, status) SELECT id, 'shipped' FROM skipped_ids");
            c.commit();
        }
        assertLiveGmvMatchesSource();
    }

    private static long count(String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitOrders(long atLeast) {
        Awaitility.await("orders reach " + atLeast).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> count("orders") >= atLeast);
    }

    @Test
    void badConfigurationAndFlagsFailFastNamingTheKey() {
        var busy = assertThrows(IllegalStateException.class, () -> Platform.start(WosConfig.load(null, Map.of(), overrides), m -> {}));
        assertTrue(busy.getMessage().contains("already in use"), busy.getMessage());

        StringWriter err = new StringWriter();
        int code = Wos.commandLine().setErr(new PrintWriter(err)).execute("up", "--set", "postgres.port=seventy");
        assertEquals(2, code);
        assertTrue(err.toString().contains("'postgres.port'"), err.toString());

        StringWriter err2 = new StringWriter();
        assertEquals(2, Wos.commandLine().setErr(new PrintWriter(err2)).execute("simulate", "--no-such-flag"));
        assertTrue(err2.toString().contains("--no-such-flag"), err2.toString());

        StringWriter err3 = new StringWriter();
        assertEquals(2, Wos.commandLine().setErr(new PrintWriter(err3)).execute("simulate", "--phase", "phase9"));
        assertTrue(err3.toString().contains("phase9"), err3.toString());
    }
}
