package com.wholesaleos.marketplace;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator against a real PostgreSQL 17: lifecycles, determinism, and the reference GMV queries agreeing. */
class MarketplaceSimulatorTest {
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("track_commit_timestamp", "on").start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE run_a");
            s.execute("CREATE DATABASE run_b");
            s.execute("CREATE DATABASE run_max");
            s.execute("CREATE DATABASE run_risk");
            s.execute("CREATE DATABASE run_facts");
            s.execute("CREATE DATABASE run_lanes");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static MarketplaceDatabase database(String name) {
        MarketplaceDatabase db = new MarketplaceDatabase(pg.getJdbcUrl("postgres", name), "postgres", "postgres");
        db.migrate();
        return db;
    }

    private static List<String> fingerprint(MarketplaceDatabase db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String q : List.of(
                    "SELECT id, retailer_id, status, total_amount, refunded_amount FROM orders ORDER BY id",
                    "SELECT order_id, line_no, product_id, quantity, line_total FROM order_items ORDER BY 1, 2",
                    "SELECT order_id, attempt, status FROM payments ORDER BY id")) {
                try (ResultSet rs = s.executeQuery(q)) {
                    while (rs.next()) {
                        StringBuilder b = new StringBuilder();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) b.append(rs.getString(i)).append('|');
                        rows.add(b.toString());
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void sameSeedSameDataAndEveryLifecycleOccurs() throws Exception {
        MarketplaceDatabase a = database("run_a");
        MarketplaceDatabase b = database("run_b");
        var plan = new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, 1500, null, 42);
        List<String> progress = new ArrayList<>();
        var result = new MarketplaceSimulator(a, plan).run(p -> progress.add(p.line()), () -> false);
        new MarketplaceSimulator(b, plan).run(p -> {}, () -> false);
        assertEquals(1500, result.ordersPlaced());
        assertFalse(progress.isEmpty());
        assertEquals(fingerprint(a), fingerprint(b));

        try (Connection c = a.connect(); Statement s = c.createStatement()) {
            for (String status : List.of("placed", "confirmed", "shipped", "delivered", "cancelled", "refunded")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM order_status_history WHERE status = '" + status + "'")) {
                    rs.next();
                    assertTrue(rs.getLong(1) > 0, "no order reached " + status);
                }
            }
            for (String q : List.of("SELECT count(*) FROM payments WHERE status = 'failed'",
                    "SELECT count(*) FROM payments WHERE attempt = 2",
                    "SELECT count(*) FROM orders WHERE status = 'delivered' AND refunded_amount > 0",
                    "SELECT count(*) FROM reviews", "SELECT count(*) FROM referrals", "SELECT count(*) FROM shipments",
                    "SELECT count(*) FROM retailers WHERE name LIKE 'Retailer signup%'",
                    "SELECT count(*) FROM products WHERE name LIKE 'New product%'")) {
                try (ResultSet rs = s.executeQuery(q)) {
                    rs.next();
                    assertTrue(rs.getLong(1) > 0, q);
                }
            }
            // The state-based total, the per-day and the per-minute reference queries agree to the cent.
            BigDecimal total = SourceGmv.total(c).get("USD");
            BigDecimal byDay = SourceGmv.byDay(c).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal byMinute = SourceGmv.byMinute(c).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertTrue(total.signum() > 0);
            assertEquals(0, total.compareTo(byDay), total + " vs " + byDay);
            assertEquals(0, total.compareTo(byMinute), total + " vs " + byMinute);
        }
    }

    @Test
    void phasesParse() {
        assertEquals(GrowthPhase.MVP, GrowthPhase.parse("mvp"));
        assertEquals(GrowthPhase.PHASE_2, GrowthPhase.parse("phase-2"));
        assertEquals(GrowthPhase.PHASE_4, GrowthPhase.parse("PHASE_4"));
        assertThrows(IllegalArgumentException.class, () -> GrowthPhase.parse("phase9"));
    }

    @Test
    void severalConnectionsPlaceExactlyThePlansOrdersEachRetailerInOneLane() throws Exception {
        MarketplaceDatabase db = database("run_lanes");
        List<Long> seen = new ArrayList<>();
        var result = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, 1_001, null, 12).withConnections(3))
                .run(p -> seen.add(p.ordersPlaced()), () -> false);
        assertEquals(1_001, result.ordersPlaced());
        assertEquals(1_001, seen.get(seen.size() - 1), "the last progress adds up the lanes");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT retailer_id) FROM orders")) {
                rs.next();
                assertEquals(1_001, rs.getLong(1));
                assertTrue(rs.getLong(2) > 100, "orders from many retailers: " + rs.getLong(2));
            }
            // Every lane's lifecycles ran: confirmations, shipments, deliveries, refunds; totals add up.
            for (String status : List.of("confirmed", "shipped", "delivered")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM order_status_history WHERE status = '" + status + "'")) {
                    rs.next();
                    assertTrue(rs.getLong(1) > 500, status + ": " + rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM orders o WHERE total_amount <> (SELECT sum(line_total) FROM order_items i WHERE i.order_id = o.id)")) {
                rs.next();
                assertEquals(0, rs.getLong(1));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, 1, null, 1).withConnections(0));
    }

    @Test
    void productsPricedNearTheColumnMaximumNeverOverflowAnOrder() throws Exception {
        MarketplaceDatabase db = database("run_max");
        new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, 1, null, 5)).run(p -> {}, () -> false);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE products SET unit_price = 9999999999999999.99 WHERE id % 2 = 0"); // NUMERIC(18,2) at its maximum
            s.execute("UPDATE products SET unit_price = 4999999999999999.99, moq = 1 WHERE id % 2 = 1");
        }
        var result = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, 300, null, 6)).run(p -> {}, () -> false);
        assertTrue(result.ordersPlaced() > 0, "orders of the products that fit were placed");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(total_amount), count(*) FROM orders WHERE total_amount > 1000000")) {
            rs.next();
            assertTrue(rs.getLong(2) > 0, "large orders exist");
            assertTrue(rs.getBigDecimal(1).compareTo(new BigDecimal("9999999999999999.99")) <= 0);
        }
    }

    @Test
    void aBlockedRetailersOrdersAndAHeldOrdersShippingAreRefusedByTheDatabaseAndAudited() throws Exception {
        MarketplaceDatabase db = database("run_risk");
        new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, 50, null, 8)).run(p -> {}, () -> false);
        var risk = new com.wholesaleos.marketplace.risk.RiskActions(db);
        long confirmedOrder;
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM orders WHERE status = 'confirmed' ORDER BY id LIMIT 1")) {
            assertTrue(rs.next());
            confirmedOrder = rs.getLong(1);
        }
        risk.blockRetailer(1, "ana", "referral ring");
        risk.holdOrder(confirmedOrder, "ana", "card testing before it");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            var blocked = assertThrows(java.sql.SQLException.class, () -> s.execute(
                    "INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, total_amount) SELECT id, region_id, segment, 'USD', 1 FROM retailers WHERE id = 1"));
            assertEquals("WO001", blocked.getSQLState(), blocked.getMessage());
            var held = assertThrows(java.sql.SQLException.class, () -> s.execute("UPDATE orders SET status = 'shipped' WHERE id = " + confirmedOrder));
            assertEquals("WO002", held.getSQLState(), held.getMessage());
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // A fifth of the retailers blocked (in bulk, outside the audited action): the next run surely meets refusals.
            s.execute("INSERT INTO risk.retailer_blocks (retailer_id, blocked_by, note) SELECT id, 'test', 'bulk' FROM retailers WHERE id BETWEEN 2 AND 100");
        }
        // Writers handle the refusal: the simulator counts it and carries on.
        var result = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, 400, null, 9)).run(p -> {}, () -> false);
        assertTrue(result.refusedByRisk() > 0, "orders of blocked retailers were refused");
        assertTrue(result.ordersPlaced() > 0, "the others' orders were placed");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM orders o JOIN risk.retailer_blocks b ON b.retailer_id = o.retailer_id WHERE o.placed_at > b.blocked_at")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "no order of a blocked retailer after its block");
            }
            try (ResultSet rs = s.executeQuery("SELECT status FROM orders WHERE id = " + confirmedOrder)) {
                rs.next();
                assertEquals("confirmed", rs.getString(1), "the held order did not ship");
            }
        }
        risk.releaseOrder(confirmedOrder, "ben", "false positive");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE orders SET status = 'shipped' WHERE id = " + confirmedOrder); // ships now
            try (ResultSet rs = s.executeQuery("SELECT actor || ' ' || action || ' ' || subject || ': ' || note FROM risk.audit ORDER BY id")) {
                List<String> audit = new ArrayList<>();
                while (rs.next()) audit.add(rs.getString(1));
                assertEquals(List.of("ana block retailer 1: referral ring", "ana hold order " + confirmedOrder + ": card testing before it",
                        "ben release order " + confirmedOrder + ": false positive"), audit);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> risk.holdOrder(confirmedOrder, "ana", " "), "an action says why");
        assertThrows(IllegalArgumentException.class, () -> risk.blockRetailer(99_999_999L, "ana", "unknown"), "an unknown retailer is an error");
    }

    @Test
    void retailersCarryTheFactsTheFraudRulesNeedAndSignedUpOverThePastYear() throws Exception {
        MarketplaceDatabase db = database("run_facts");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, 10, null, 42)).run(p -> {}, () -> false);
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(contact_phone), count(default_address), count(signup_device), "
                    + "count(DISTINCT default_address), min(signup_at) < now() - interval '60 days' FROM retailers")) {
                rs.next();
                long n = rs.getLong(1);
                assertEquals(n, rs.getLong(2));
                assertEquals(n, rs.getLong(3));
                assertEquals(n, rs.getLong(4));
                assertTrue(rs.getLong(5) < n && rs.getLong(5) > n / 2, "most addresses are the retailer's own; chains share a few");
                assertTrue(rs.getBoolean(6), "sign-ups spread over past months");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(ship_to_address), count(device_id) FROM orders WHERE placed_at > now() - interval '1 hour'")) {
                rs.next();
                assertTrue(rs.getLong(1) > 0);
                assertEquals(rs.getLong(1), rs.getLong(2));
                assertEquals(rs.getLong(1), rs.getLong(3));
            }
        }
    }
}
