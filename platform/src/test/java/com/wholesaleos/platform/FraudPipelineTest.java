package com.wholesaleos.platform;

import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.risk.RiskActions;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.platform.cli.Wos;
import com.wholesaleos.platform.devtools.DemoRun;
import com.wholesaleos.platform.devtools.FraudEvaluation;
import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.riskdesk.AlertState;
import com.wholesaleos.riskdesk.AlertStore;
import com.wholesaleos.schemas.PlatformTopic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * The fraud path on real services, one platform for the class: PostgreSQL, Kafka, the Debezium engine, the fraud job
 * on its Flink MiniCluster and the risk desk, each stage in its own JVM. Alerts are checked against the simulator's
 * labels (which the job never reads) and against patterns written here in SQL; the risk team's actions against the
 * database itself.
 */
class FraudPipelineTest {
    private static final Duration CONVERGE = Duration.ofMinutes(2);
    private static Path dataDir;
    private static Platform platform;
    private static MarketplaceDatabase db;
    private static AlertStore store;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("wos-fraud-it-");
        Map<String, String> overrides = new HashMap<>(DemoRun.isolated(dataDir));
        // The fraud path alone: the GMV path has its own test, and two cores run one Flink JVM at a time best.
        overrides.put(WosSettings.STAGES_ENABLED.key(), "ingestion,fraud-signals,risk-desk");
        platform = Platform.start(WosConfig.load(null, Map.of(), overrides), m -> System.out.println("[platform] " + m));
        platform.awaitReady();
        db = MarketplaceDatabase.from(platform.config());
        store = new AlertStore(db);
        // The catalog and some ordinary trade every test can build on.
        new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, 200, null, 3)).run(p -> {}, () -> false);
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
        DemoRun.deleteRecursively(dataDir);
    }

    @Test
    void labelledFraudIsFoundAndAKillOfTheJobAndTheDeskMidStreamNeitherDuplicatesNorLosesAnAlert() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int jobRestarts = platform.restarts(WosStages.FRAUD_SIGNALS);
        int deskRestarts = platform.restarts(WosStages.RISK_DESK);
        long labelsBefore = count("SELECT count(*) FROM simulation.fraud_labels");
        long lastLabelBefore = count("SELECT coalesce(max(id), 0) FROM simulation.fraud_labels");
        Map<Integer, Long> alertsFrom = FraudEvaluation.alertTopicEnd(platform.config().kafkaBootstrap());
        Thread simulator = new Thread(() -> {
            try {
                new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 120, 1_500, null, 11, true)).run(p -> {}, () -> false);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        simulator.start();
        awaitTrue(() -> count("SELECT count(*) FROM simulation.fraud_labels") >= labelsBefore + 6, "scenarios were injected");
        platform.stage(WosStages.FRAUD_SIGNALS).process().kill(); // SIGKILL: restores state and offsets from the last checkpoint
        awaitTrue(() -> count("SELECT count(*) FROM simulation.fraud_labels") >= labelsBefore + 14, "more scenarios were injected");
        platform.stage(WosStages.RISK_DESK).process().kill();     // SIGKILL between applying alerts and anything else
        simulator.join();
        assertNull(failure.get());
        awaitTrue(() -> platform.restarts(WosStages.FRAUD_SIGNALS) > jobRestarts && platform.restarts(WosStages.RISK_DESK) > deskRestarts,
                "the supervisor restarted both stages");
        platform.awaitReady();
        DemoRun.awaitJobCaughtUp(platform.config(), WosStages.FRAUD_SIGNALS, m -> {});

        FraudEvaluation.Result result = FraudEvaluation.run(db, platform.config().kafkaBootstrap(), lastLabelBefore, alertsFrom);
        // The same bar as wos demo --fraud, per rule, across a kill of the job and of the desk: a restart that lost state or
        // skipped changes would miss a scenario, one that counted twice would raise an unlabelled alert.
        assertTrue(result.rules().stream().allMatch(FraudEvaluation.RuleResult::passes),
                "precision and recall per rule across the kill: " + result.json());
        String log = Files.readString(platform.stage(WosStages.FRAUD_SIGNALS).process().log());
        assertTrue(log.contains("from checkpoint"), "the restarted job restored its checkpoint:\n" + log);

        // The desk holds exactly the alerts on the topic, each once.
        List<String> onTopic = alertKeysOnTopic();
        awaitTrue(() -> count("SELECT count(DISTINCT alert_key) FROM risk.alerts") == onTopic.size(), "the desk applied every alert");
        assertEquals(0, count("SELECT count(*) FROM (SELECT alert_key FROM risk.alerts GROUP BY alert_key HAVING count(*) > 1) d"),
                "no alert is duplicated in the risk store");
        for (String key : onTopic) assertTrue(count("SELECT count(*) FROM risk.alerts WHERE alert_key = '" + key.replace("'", "''") + "'") == 1, key);
    }

    @Test
    void aCardTestingBurstWrittenInSqlIsAlertedAndTheRiskTeamWorksItToTheMarketplace() throws Exception {
        String card = "fp-it-" + System.nanoTime();
        long retailer;
        long order;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            retailer = single(s, "INSERT INTO retailers (name, segment, region_id, contact_phone, default_address, signup_device) "
                    + "VALUES ('Tester', 'online', (SELECT min(id) FROM regions), '+1-555-0100', '1 Test Row', 'dev-it') RETURNING id");
            order = single(s, "INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, total_amount) "
                    + "VALUES (" + retailer + ", (SELECT min(id) FROM regions), 'online', 'USD', 12.00) RETURNING id");
            s.execute("INSERT INTO order_items (order_id, line_no, product_id, category_id, quantity, unit_price, line_total) "
                    + "SELECT " + order + ", 1, id, category_id, 1, 12.00, 12.00 FROM products ORDER BY id LIMIT 1");
            for (int i = 0; i < 4; i++) {
                s.execute("INSERT INTO payments (order_id, attempt, method, instrument_fingerprint, amount, currency, status, failure_reason, created_at, updated_at) "
                        + "VALUES (" + order + ", " + (i + 1) + ", 'card', '" + card + "', 12.00, 'USD', 'failed', 'do_not_honor', "
                        + "now() + interval '" + i + " minutes', now() + interval '" + i + " minutes')");
            }
        }
        AlertStore.Alert alert = awaitAlert("card-testing|instrument|" + card);
        assertEquals(AlertState.OPEN, alert.state());
        assertEquals(4, alert.evidence().size(), "each failed payment is evidence: " + alert.evidence());

        // The queue as a script reads it.
        StringWriter out = new StringWriter();
        int rc = Wos.commandLine().setOut(new PrintWriter(out)).execute("risk", "alerts", "--rule", "card-testing", "--json", "--data-dir", dataDir.toString());
        assertEquals(0, rc);
        assertTrue(out.toString().contains(card), out.toString());

        // Work it: acknowledge, escalate, confirm; each audited with who and why.
        store.transition(alert.id(), AlertState.ACKNOWLEDGED, "ana", "looking");
        store.transition(alert.id(), AlertState.ESCALATED, "ana", "stolen card?");
        AlertStore.Alert confirmed = store.transition(alert.id(), AlertState.CONFIRMED, "bo", "issuer confirms the card was stolen");
        assertEquals(AlertState.CONFIRMED, confirmed.state());
        assertThrows(IllegalArgumentException.class, () -> store.transition(alert.id(), AlertState.DISMISSED, "bo", "changed my mind"),
                "a decided alert stays decided");
        List<AlertStore.AuditEntry> audit = store.audit("alert " + alert.id());
        assertEquals(List.of("acknowledged", "escalated", "confirmed"), audit.stream().map(AlertStore.AuditEntry::action).toList());
        assertEquals("issuer confirms the card was stolen", audit.get(2).note());

        // The same alert published again (a replay) does not reopen it.
        long republished = republishLatest("card-testing|instrument|" + card);
        awaitTrue(() -> count("SELECT coalesce(max(next_offset), 0) FROM risk.alert_feed_positions") > republished, "the desk read the republished alert");
        AlertStore.Alert retailerAlert = awaitAlert("card-testing|retailer|" + retailer);
        assertEquals(1, count("SELECT count(*) FROM risk.alerts WHERE alert_key = 'card-testing|instrument|" + card + "'"));

        // The account-level alert is a false positive here: dismissed, it counts against the rule.
        store.transition(retailerAlert.id(), AlertState.DISMISSED, "ana", "same burst, already confirmed on the card");
        AlertStore.RuleStats stats = store.stats().stream().filter(r -> r.rule().equals("card-testing")).findFirst().orElseThrow();
        assertTrue(stats.dismissed() >= 1 && stats.confirmed() >= 1, stats.toString());

        // Acting on the marketplace: the retailer is blocked (its next order is refused by PostgreSQL), an order held.
        RiskActions actions = new RiskActions(db);
        actions.blockRetailer(retailer, "bo", "card testing confirmed");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> s.execute("INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, "
                    + "total_amount) VALUES (" + retailer + ", (SELECT min(id) FROM regions), 'online', 'USD', 1.00)"));
            assertEquals("WO001", refused.getSQLState());
            s.execute("UPDATE orders SET status = 'confirmed' WHERE id = " + order);
        }
        actions.holdOrder(order, "bo", "paid with a tested card");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            SQLException held = assertThrows(SQLException.class, () -> s.execute("UPDATE orders SET status = 'shipped' WHERE id = " + order));
            assertEquals("WO002", held.getSQLState());
        }
        assertEquals("block", store.audit("retailer " + retailer).get(0).action());
        assertEquals("hold", store.audit("order " + order).get(0).action());
    }

    @Test
    void aRuleUpdateTakesEffectWithoutARestartAndAMalformedOneIsRejectedWhileThePreviousKeepsRunning() throws Exception {
        Path log = platform.stage(WosStages.FRAUD_SIGNALS).process().log();
        int restarts = platform.restarts(WosStages.FRAUD_SIGNALS);
        int version = rulesCli("risk", "rules", "--json").contains("\"card-testing\" : 1") ? 1 : -1;
        assertEquals(1, version, "card-testing runs its configured version");
        assertEquals(0, Wos.commandLine().execute("risk", "rules", "set", "card-testing", "fraud.card-testing.failures=2", "--by", "ana",
                "--note", "two declines are enough", "--data-dir", dataDir.toString()));
        awaitTrue(() -> contains(log, "Rule card-testing now at version 2"), "the running job applied version 2");
        assertEquals(2, Wos.commandLine().setErr(new PrintWriter(new StringWriter())).execute("risk", "rules", "set", "card-testing",
                "fraud.card-testing.failures=lots", "--note", "typo", "--data-dir", dataDir.toString()), "the CLI refuses a bad value before publishing");

        // A malformed update from another writer: dead-lettered with the reason; version 2 keeps running.
        var bad = com.wholesaleos.schemas.fraud.FraudRuleUpdate.newBuilder().setRule("card-testing").setVersion(3)
                .setSettings(Map.of("fraud.card-testing.failures", "lots")).setChangedBy("script").setNote("oops").setAtMs(System.currentTimeMillis()).build();
        java.nio.ByteBuffer b = bad.toByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        Properties p = new Properties();
        p.put("bootstrap.servers", platform.config().kafkaBootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(PlatformTopic.FRAUD_RULES.topic(), "card-testing".getBytes(), bytes)).get();
        }
        awaitTrue(() -> com.wholesaleos.platform.dlq.DeadLetterInbox.read(platform.config().kafkaBootstrap()).stream()
                .anyMatch(e -> e.letter().getStage().equals("fraud-signals") && e.letter().getReason().contains("fraud.card-testing.failures")),
                "the malformed update was dead-lettered naming the bad setting");

        String card = "fp-v2-" + System.nanoTime();
        failedPayments(card, 2);
        AlertStore.Alert alert = awaitAlert("card-testing|instrument|" + card);
        assertEquals(2, alert.ruleVersion(), "two failures alert under version 2, which names itself");
        assertEquals(restarts, platform.restarts(WosStages.FRAUD_SIGNALS), "no restart");
        assertTrue(rulesCli("risk", "rules", "--history").contains("two declines are enough"));

        // Leave the rule as the other tests expect it.
        assertEquals(0, Wos.commandLine().execute("risk", "rules", "set", "card-testing", "fraud.card-testing.failures=3", "--by", "ana",
                "--note", "back to three", "--data-dir", dataDir.toString()));
        awaitTrue(() -> contains(log, "Rule card-testing now at version 4"), "the running job applied version 4");
    }

    private static String rulesCli(String... args) {
        StringWriter out = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--data-dir", dataDir.toString())).toArray(String[]::new);
        assertEquals(0, Wos.commandLine().setOut(new PrintWriter(out)).execute(all));
        return out.toString();
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** A new retailer's order and {@code n} failed payments on one card, a minute apart. */
    private static void failedPayments(String card, int n) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            long retailer = single(s, "INSERT INTO retailers (name, segment, region_id) VALUES ('Tester', 'online', (SELECT min(id) FROM regions)) RETURNING id");
            long order = single(s, "INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, total_amount) "
                    + "VALUES (" + retailer + ", (SELECT min(id) FROM regions), 'online', 'USD', 12.00) RETURNING id");
            s.execute("INSERT INTO order_items (order_id, line_no, product_id, category_id, quantity, unit_price, line_total) "
                    + "SELECT " + order + ", 1, id, category_id, 1, 12.00, 12.00 FROM products ORDER BY id LIMIT 1");
            for (int i = 0; i < n; i++) {
                s.execute("INSERT INTO payments (order_id, attempt, method, instrument_fingerprint, amount, currency, status, failure_reason, created_at, updated_at) "
                        + "VALUES (" + order + ", " + (i + 1) + ", 'card', '" + card + "', 12.00, 'USD', 'failed', 'do_not_honor', "
                        + "now() + interval '" + i + " minutes', now() + interval '" + i + " minutes')");
            }
        }
    }

    private static AlertStore.Alert awaitAlert(String key) {
        return Awaitility.await("alert " + key + " in the risk store").atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                .until(() -> store.alerts(Optional.empty(), Optional.empty(), 10_000).stream().filter(x -> x.key().equals(key)).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static List<String> alertKeysOnTopic() {
        List<String> keys = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAlerts()) {
            String k = new String(r.key());
            if (!keys.contains(k)) keys.add(k);
        }
        return keys;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAlerts() {
        Properties p = new Properties();
        p.put("bootstrap.servers", platform.config().kafkaBootstrap());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(PlatformTopic.FRAUD_ALERTS.topic(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    /** Publishes the latest version of an alert again, as a job restart may; its offset. */
    private static long republishLatest(String key) throws Exception {
        ConsumerRecord<byte[], byte[]> latest = null;
        for (ConsumerRecord<byte[], byte[]> r : readAlerts()) if (new String(r.key()).equals(key)) latest = r;
        Properties p = new Properties();
        p.put("bootstrap.servers", platform.config().kafkaBootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(PlatformTopic.FRAUD_ALERTS.topic(), latest.key(), latest.value())).get().offset();
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(String sql) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
    }
}
