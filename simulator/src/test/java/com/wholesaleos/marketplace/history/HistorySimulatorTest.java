package com.wholesaleos.marketplace.history;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Backdated history on a real PostgreSQL 17, checked with SQL over what it wrote. */
class HistorySimulatorTest {
    private static final Instant END = Instant.parse("2026-11-15T12:00:00Z");
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String db : List.of("history_3m_a", "history_3m_b", "history_7m", "history_window")) s.execute("CREATE DATABASE " + db);
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

    private static long single(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every business timestamp the history writes, across the tables. */
    private static final List<String> BUSINESS_TIMES = List.of(
            "SELECT min(created_at), max(created_at) FROM manufacturers",
            "SELECT min(least(created_at, updated_at)), max(greatest(created_at, updated_at)) FROM products",
            "SELECT min(created_at), max(created_at) FROM distributors",
            "SELECT min(signup_at), max(signup_at) FROM retailers",
            "SELECT min(least(placed_at, updated_at)), max(greatest(placed_at, updated_at)) FROM orders",
            "SELECT min(created_at), max(created_at) FROM order_items",
            "SELECT min(changed_at), max(changed_at) FROM order_status_history",
            "SELECT min(least(created_at, updated_at)), max(greatest(created_at, updated_at)) FROM payments",
            "SELECT min(shipped_at), max(greatest(shipped_at, delivered_at)) FROM shipments",
            "SELECT min(created_at), max(created_at) FROM refunds",
            "SELECT min(created_at), max(created_at) FROM reviews",
            "SELECT min(created_at), max(greatest(created_at, rewarded_at)) FROM referrals");

    private static void assertWithin(Connection c, HistoryPlan plan) throws Exception {
        Timestamp launch = Timestamp.from(plan.launch());
        Timestamp end = Timestamp.from(plan.end());
        try (Statement s = c.createStatement()) {
            for (String q : BUSINESS_TIMES) {
                try (ResultSet rs = s.executeQuery(q)) {
                    rs.next();
                    if (rs.getTimestamp(1) == null) continue;
                    assertFalse(rs.getTimestamp(1).before(launch), q + ": before the launch");
                    assertFalse(rs.getTimestamp(2).after(end), q + ": after the end " + rs.getTimestamp(2));
                }
            }
        }
    }

    @Test
    void threeMonthsAreDeterministicAndStayWithinTheirTime() throws Exception {
        HistoryPlan plan = new HistoryPlan(3, 42, END);
        MarketplaceDatabase a = database("history_3m_a");
        MarketplaceDatabase b = database("history_3m_b");
        HistorySimulator.Result first = new HistorySimulator(a, plan).run(line -> {});
        HistorySimulator.Result second = new HistorySimulator(b, plan).run(line -> {});
        assertTrue(first.orders() > 50, "orders " + first.orders());
        assertEquals(new GrowthCurve().retailers(3), first.retailers());
        assertEquals(fingerprint(a), fingerprint(b));
        assertEquals(0, first.gmv().compareTo(second.gmv()));
        try (Connection c = a.connect()) {
            assertWithin(c, plan);
            assertTrue(single(c, "SELECT count(DISTINCT (placed_at AT TIME ZONE 'UTC')::date) FROM orders") > 40, "orders over many days");
            assertEquals(0, first.gmv().compareTo(SourceGmv.total(c).get("USD")));
        }
    }

    @Test
    void aWindowOntoThePlanStartsWithItsNetworkAndWritesOnlyItsOwnMonths() throws Exception {
        // Plan months 7-9 (Phase 1's second quarter): everyone who joined in months 0-7 is there, nobody ordered before month 7.
        HistoryPlan plan = HistoryPlan.window(2, 9, 5, END);
        MarketplaceDatabase db = database("history_window");
        List<String> progress = new ArrayList<>();
        HistorySimulator.Result result = new HistorySimulator(db, plan).run(progress::add);
        GrowthCurve curve = new GrowthCurve();
        assertEquals(curve.retailers(9), result.retailers());
        assertEquals(curve.manufacturers(9), result.manufacturers());
        assertEquals(curve.distributors(9), result.distributors());
        assertTrue(progress.get(progress.size() - 1).startsWith("history: month 9/9, "), progress.toString());
        // The window's GMV follows the curve over its own months (seasonality moves it a little).
        double planned = curve.cumulativeGmv(9).subtract(curve.cumulativeGmv(7)).doubleValue();
        assertEquals(planned, result.gmv().doubleValue(), 0.3 * planned, "GMV of months 7-9");
        try (Connection c = db.connect()) {
            Timestamp start = Timestamp.from(plan.start());
            assertWithin(c, plan);
            assertEquals(0, single(c, "SELECT count(*) FROM orders WHERE placed_at < '" + start + "'"), "no order before the window");
            assertEquals(result.orders(), single(c, "SELECT count(*) FROM orders"));
            long before = single(c, "SELECT count(*) FROM retailers WHERE signup_at < '" + start + "'");
            assertEquals(curve.retailers(7), before, 0.05 * curve.retailers(7), "the network at the window's start");
            // Customers from before the window come back in its first month, as their cohorts' ages say.
            assertTrue(single(c, "SELECT count(DISTINCT o.retailer_id) FROM orders o JOIN retailers r ON r.id = o.retailer_id "
                    + "WHERE r.signup_at < '" + Timestamp.from(plan.monthStart(5)) + "' AND o.placed_at < '" + Timestamp.from(plan.monthStart(8)) + "'") > 10);
        }
        assertThrows(IllegalArgumentException.class, () -> HistoryPlan.window(10, 9, 1, END), "a window reaching before the launch");
    }

    /** Counts, the sum of line totals and every order's row: the same seed gives the same data. */
    private static List<String> fingerprint(MarketplaceDatabase db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String q : List.of(
                    "SELECT (SELECT count(*) FROM retailers), (SELECT count(*) FROM orders), (SELECT count(*) FROM order_items), "
                            + "(SELECT sum(line_total) FROM order_items), (SELECT count(*) FROM refunds), (SELECT count(*) FROM reviews), "
                            + "(SELECT count(*) FROM referrals), (SELECT count(*) FROM order_status_history)",
                    "SELECT id, retailer_id, status, total_amount, refunded_amount, placed_at, updated_at FROM orders ORDER BY id",
                    "SELECT id, segment, region_id, signup_at, contact_phone FROM retailers ORDER BY id")) {
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
    void sevenMonthsFollowThePlanAndKeepEveryInvariant() throws Exception {
        HistoryPlan plan = new HistoryPlan(7, 7, END);
        MarketplaceDatabase db = database("history_7m");
        List<String> progress = new ArrayList<>();
        HistorySimulator.Result result = new HistorySimulator(db, plan).run(progress::add);
        GrowthCurve curve = new GrowthCurve();
        assertEquals(curve.retailers(7), result.retailers());
        assertEquals(curve.manufacturers(7), result.manufacturers());
        assertEquals(curve.distributors(7), result.distributors());
        assertTrue(progress.size() >= 7 && progress.get(progress.size() - 1).startsWith("history: month 7/7, "), progress.toString());

        try (Connection c = db.connect()) {
            assertWithin(c, plan);
            // What the result says is what the tables hold.
            assertEquals(result.orders(), single(c, "SELECT count(*) FROM orders"));
            assertEquals(result.lines(), single(c, "SELECT count(*) FROM order_items"));
            assertEquals(result.refunds(), single(c, "SELECT count(*) FROM refunds"));
            assertEquals(result.reviews(), single(c, "SELECT count(*) FROM reviews"));
            assertEquals(result.referrals(), single(c, "SELECT count(*) FROM referrals"));
            assertEquals(result.products(), single(c, "SELECT count(*) FROM products"));

            // Sign-ups spread over every month and most days; orders over many days.
            for (int m = 0; m < 7; m++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM retailers WHERE signup_at >= ? AND signup_at < ?")) {
                    ps.setTimestamp(1, Timestamp.from(plan.monthStart(m)));
                    ps.setTimestamp(2, Timestamp.from(plan.monthStart(m + 1)));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        // Sign-ups are spread by calendar month along the curve, so a plan month gets about its growth.
                        long growth = curve.retailers(m + 1) - (m == 0 ? 0 : curve.retailers(m));
                        assertEquals(growth, rs.getLong(1), 0.35 * growth, "sign-ups in month " + m);
                    }
                }
            }
            assertTrue(single(c, "SELECT count(DISTINCT (signup_at AT TIME ZONE 'UTC')::date) FROM retailers") > 150);
            assertTrue(single(c, "SELECT count(DISTINCT (placed_at AT TIME ZONE 'UTC')::date) FROM orders") > 150);

            // Every order has lines adding up to its total, at the product's price and category, shipped to its retailer's region.
            assertEquals(0, single(c, "SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)"));
            assertEquals(0, single(c, "SELECT count(*) FROM orders o WHERE total_amount <> (SELECT sum(line_total) FROM order_items i WHERE i.order_id = o.id)"));
            assertEquals(0, single(c, "SELECT count(*) FROM order_items i JOIN products p ON p.id = i.product_id "
                    + "WHERE i.line_total <> i.quantity * i.unit_price OR i.unit_price <> p.unit_price OR i.category_id <> p.category_id "
                    + "OR i.quantity % p.moq <> 0 OR p.created_at > i.created_at"));
            assertEquals(0, single(c, "SELECT count(*) FROM orders o JOIN retailers r ON r.id = o.retailer_id "
                    + "WHERE o.region_id <> r.region_id OR o.retailer_segment <> r.segment OR o.placed_at < r.signup_at OR o.currency <> 'USD'"));

            // A history row per status, in time order, from placed at placing to the order's status at its updated_at.
            assertEquals(0, single(c, "SELECT count(*) FROM (SELECT changed_at < lag(changed_at) OVER (PARTITION BY order_id ORDER BY id) AS back "
                    + "FROM order_status_history) x WHERE back"));
            assertEquals(0, single(c, """
                    SELECT count(*) FROM orders o
                    WHERE (SELECT string_agg(status, '>' ORDER BY id) FROM order_status_history h WHERE h.order_id = o.id)
                          NOT IN ('placed', 'placed>cancelled', 'placed>confirmed', 'placed>confirmed>cancelled', 'placed>confirmed>shipped',
                                  'placed>confirmed>shipped>delivered', 'placed>confirmed>shipped>delivered>refunded')
                    """));
            assertEquals(0, single(c, """
                    SELECT count(*) FROM orders o
                    JOIN LATERAL (SELECT status, changed_at FROM order_status_history h WHERE h.order_id = o.id ORDER BY id DESC LIMIT 1) l ON true
                    JOIN LATERAL (SELECT changed_at FROM order_status_history h WHERE h.order_id = o.id ORDER BY id LIMIT 1) f ON true
                    WHERE l.status <> o.status OR l.changed_at <> o.updated_at OR f.changed_at <> o.placed_at
                    """));
            for (String status : List.of("confirmed", "shipped", "delivered", "cancelled")) {
                assertTrue(single(c, "SELECT count(*) FROM orders WHERE status = '" + status + "'") > 0, status);
            }
            long orders = result.orders();
            double cancelled = single(c, "SELECT count(*) FROM orders WHERE status = 'cancelled'") / (double) orders;
            assertTrue(cancelled > 0.01 && cancelled < 0.06, "cancelled " + cancelled);

            // Payments captured on confirmation; shipments from a distributor serving the region, already there.
            assertEquals(0, single(c, "SELECT count(*) FROM orders o WHERE o.status IN ('confirmed', 'shipped', 'delivered') "
                    + "AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'captured' AND p.amount = o.total_amount)"));
            assertEquals(0, single(c, "SELECT count(*) FROM shipments s JOIN orders o ON o.id = s.order_id JOIN distributors d ON d.id = s.distributor_id "
                    + "WHERE d.created_at > s.shipped_at OR NOT EXISTS (SELECT 1 FROM distributor_regions dr "
                    + "WHERE dr.distributor_id = s.distributor_id AND dr.region_id = o.region_id)"));
            assertEquals(single(c, "SELECT count(*) FROM orders WHERE status IN ('shipped', 'delivered', 'refunded')"),
                    single(c, "SELECT count(*) FROM shipments"));

            // Refunds after delivery, within the line; reviews of delivered orders after delivery.
            assertTrue(result.refunds() > 0 && result.reviews() > 0 && result.referrals() > 0);
            assertEquals(0, single(c, "SELECT count(*) FROM refunds r JOIN order_items i ON i.order_id = r.order_id AND i.line_no = r.line_no "
                    + "JOIN shipments s ON s.order_id = r.order_id WHERE r.amount > i.line_total OR r.created_at <= s.delivered_at"));
            assertEquals(0, single(c, "SELECT count(*) FROM orders o WHERE refunded_amount <> "
                    + "coalesce((SELECT sum(amount) FROM refunds r WHERE r.order_id = o.id), 0)"));
            assertEquals(0, single(c, "SELECT count(*) FROM reviews v JOIN shipments s ON s.order_id = v.order_id "
                    + "WHERE v.created_at <= s.delivered_at OR s.delivered_at IS NULL"));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT avg(rating) FROM reviews")) {
                rs.next();
                assertEquals(4.2, rs.getDouble(1), 0.4);
            }
            // Referrals: referrer signed up earlier; rewarded at the referee's first delivery.
            assertEquals(0, single(c, "SELECT count(*) FROM referrals f JOIN retailers a ON a.id = f.referrer_id JOIN retailers b ON b.id = f.referee_id "
                    + "WHERE a.signup_at > b.signup_at OR f.created_at <> b.signup_at OR (f.status = 'rewarded') <> (f.rewarded_at IS NOT NULL)"));
            assertTrue(single(c, "SELECT count(*) FROM referrals WHERE status = 'rewarded'") * 2 > result.referrals(), "mostly rewarded");

            // Activation: first confirmed order within 30 days of sign-up, among retailers who had those 30 days.
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH first_orders AS (
                      SELECT o.retailer_id, min(o.placed_at) AS first_order_at FROM orders o
                      WHERE EXISTS (SELECT 1 FROM order_status_history h WHERE h.order_id = o.id
                                    AND h.status IN ('confirmed', 'shipped', 'delivered', 'refunded'))
                      GROUP BY o.retailer_id)
                    SELECT count(*) FILTER (WHERE f.first_order_at < r.signup_at + interval '30 days')::float8 / count(*)
                    FROM retailers r LEFT JOIN first_orders f ON f.retailer_id = r.id
                    WHERE r.signup_at < ?::timestamptz - interval '30 days'
                    """)) {
                ps.setTimestamp(1, Timestamp.from(END));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    double activation = rs.getDouble(1);
                    assertTrue(activation > 0.30 && activation < 0.80, "activation within 30 days " + activation);
                }
            }

            // GMV by the platform's definition: many days, adding up to the total, on the plan's curve.
            Map<String, BigDecimal> byDay = SourceGmv.byDay(c);
            assertTrue(byDay.size() > 150, "GMV days " + byDay.size());
            BigDecimal total = byDay.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, total.compareTo(SourceGmv.total(c).get("USD")));
            assertEquals(0, total.compareTo(result.gmv()));
            LocalDate mvp = plan.monthStart(6).atZone(ZoneOffset.UTC).toLocalDate();
            BigDecimal byMvp = byDay.entrySet().stream().filter(e -> LocalDate.parse(e.getKey().split("\\|")[0]).isBefore(mvp))
                    .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
            double ratio = byMvp.doubleValue() / 500_000;
            assertTrue(ratio > 0.7 && ratio < 1.3, "GMV by the MVP anchor " + byMvp);
        }

        // The live simulator carries on on top of the history: sequences continue, the catalog is reused.
        var live = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 0, 40, null, 3)).run(p -> {}, () -> false);
        assertEquals(40, live.ordersPlaced());
        try (Connection c = db.connect()) {
            assertEquals(result.orders() + 40, single(c, "SELECT count(*) FROM orders"));
            assertEquals(result.manufacturers(), single(c, "SELECT count(*) FROM manufacturers"), "no top-up needed: 50 at MVP");
        }
    }
}
