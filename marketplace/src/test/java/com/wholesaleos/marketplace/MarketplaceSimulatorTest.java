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
}
