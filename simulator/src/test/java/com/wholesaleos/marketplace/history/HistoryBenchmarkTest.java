package com.wholesaleos.marketplace.history;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Generation speed and the plan's anchors on a long history, on PostgreSQL configured as the platform runs it (fsync and
 * synchronous commit on, logical WAL). Off by default (it takes a minute or more):
 * {@code ./mvnw -B -o test -pl simulator -Dtest=HistoryBenchmarkTest -Dhistory.benchmark.months=18} (optionally
 * {@code -Dhistory.benchmark.end=2026-12-01T00:30:00Z -Dhistory.benchmark.seed=2}; {@code -Dhistory.benchmark.end-month=36} with
 * {@code months=12}: Phase 4's year, a window onto the plan).
 */
@EnabledIfSystemProperty(named = "history.benchmark.months", matches = "\\d+")
class HistoryBenchmarkTest {

    @Test
    void generatesALongHistoryAndReportsSpeedAndAnchors() throws Exception {
        int months = Integer.parseInt(System.getProperty("history.benchmark.months"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("wal_level", "logical")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start()) {
            MarketplaceDatabase db = new MarketplaceDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
            db.migrate();
            HistoryPlan plan = new HistoryPlan(months, Long.getLong("history.benchmark.seed", 1),
                    Instant.parse(System.getProperty("history.benchmark.end", "2026-11-15T12:00:00Z")), Integer.getInteger("history.benchmark.end-month", months));
            HistorySimulator.Result r = new HistorySimulator(db, plan).run(System.out::println);
            System.out.printf(Locale.ROOT, "history %dm: %,d orders in %.1f s = %,.0f orders/s; %,d lines, %,d retailers, %,d manufacturers, "
                            + "%,d distributors, %,d products, %,d refunds, %,d reviews, %,d referrals; GMV %s, per order %s%n",
                    months, r.orders(), r.elapsedSeconds(), r.ordersPerSecond(), r.lines(), r.retailers(), r.manufacturers(),
                    r.distributors(), r.products(), r.refunds(), r.reviews(), r.referrals(), r.gmv().toPlainString(),
                    r.gmv().divide(BigDecimal.valueOf(r.orders()), 2, java.math.RoundingMode.HALF_EVEN));
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                for (String table : new String[] {"order_status_history", "payments", "shipments"}) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        System.out.printf(Locale.ROOT, "  %s: %,d rows%n", table, rs.getLong(1));
                    }
                }
                for (String q : new String[] {"SELECT status, count(*) FROM orders GROUP BY 1 ORDER BY 1",
                        "SELECT status, count(*) FROM referrals GROUP BY 1 ORDER BY 1", "SELECT segment, count(*) FROM retailers GROUP BY 1 ORDER BY 1"}) {
                    StringBuilder line = new StringBuilder("  " + q.substring(q.indexOf("FROM ") + 5, q.indexOf(" GROUP")) + ":");
                    try (ResultSet rs = s.executeQuery(q)) {
                        while (rs.next()) line.append(String.format(Locale.ROOT, " %s %,d", rs.getString(1), rs.getLong(2)));
                    }
                    System.out.println(line);
                }
                Map<String, BigDecimal> byDay = SourceGmv.byDay(c);
                // A window onto the plan is measured from its start: the GMV the curve puts between its start and each anchor.
                BigDecimal before = new GrowthCurve().cumulativeGmv(plan.startMonth());
                for (GrowthCurve.Anchor anchor : GrowthCurve.ANCHORS) {
                    if (anchor.month() <= plan.startMonth() || anchor.month() > plan.endMonth()) continue;
                    LocalDate by = plan.monthStart(anchor.month()).atZone(ZoneOffset.UTC).toLocalDate();
                    BigDecimal gmv = byDay.entrySet().stream().filter(e -> LocalDate.parse(e.getKey().split("\\|")[0]).isBefore(by))
                            .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
                    BigDecimal expected = anchor.cumulativeGmv().subtract(before);
                    System.out.printf(Locale.ROOT, "  GMV from month %d by month %d: %s (the plan's %s, %.1f%%)%n", plan.startMonth(), anchor.month(),
                            gmv.toPlainString(), expected.toPlainString(), 100 * gmv.doubleValue() / expected.doubleValue());
                    assertEquals(1.0, gmv.doubleValue() / expected.doubleValue(), 0.3);
                }
                try (ResultSet rs = s.executeQuery("""
                        WITH first_orders AS (
                          SELECT o.retailer_id, min(o.placed_at) AS first_order_at FROM orders o
                          WHERE EXISTS (SELECT 1 FROM order_status_history h WHERE h.order_id = o.id
                                        AND h.status IN ('confirmed', 'shipped', 'delivered', 'refunded'))
                          GROUP BY o.retailer_id)
                        SELECT date_trunc('month', r.signup_at)::date, count(*),
                               count(*) FILTER (WHERE f.first_order_at < r.signup_at + interval '30 days')::float8 / count(*)
                        FROM retailers r LEFT JOIN first_orders f ON f.retailer_id = r.id GROUP BY 1 ORDER BY 1
                        """)) {
                    while (rs.next()) {
                        System.out.printf(Locale.ROOT, "  sign-up month %s: %,d retailers, activated within 30 days %.0f%%%n",
                                rs.getString(1), rs.getLong(2), 100 * rs.getDouble(3));
                    }
                }
                // Retention as the warehouse's cohort mart defines it, over all cohorts: share active N months after the first.
                try (ResultSet rs = s.executeQuery("""
                        WITH confirmed AS (
                          SELECT o.retailer_id, date_trunc('month', o.placed_at) AS month FROM orders o
                          WHERE EXISTS (SELECT 1 FROM order_status_history h WHERE h.order_id = o.id
                                        AND h.status IN ('confirmed', 'shipped', 'delivered', 'refunded'))
                        ), first AS (SELECT retailer_id, min(month) AS cohort FROM confirmed GROUP BY 1
                        ), active AS (
                          SELECT DISTINCT c.retailer_id, (extract(year FROM age(c.month, f.cohort)) * 12 + extract(month FROM age(c.month, f.cohort)))::int AS since
                          FROM confirmed c JOIN first f USING (retailer_id)
                        ), last AS (SELECT date_trunc('month', max(placed_at)) AS month FROM orders
                        ), eligible AS (  -- cohorts old enough to have a complete month N after their first
                          SELECT n.since, f.retailer_id FROM first f CROSS JOIN generate_series(0, 24) AS n(since)
                          WHERE f.cohort + make_interval(months => n.since) < (SELECT month FROM last))
                        SELECT e.since, count(a.retailer_id)::float8 / count(*), count(*)
                        FROM eligible e LEFT JOIN active a ON a.retailer_id = e.retailer_id AND a.since = e.since
                        WHERE e.since IN (0, 1, 2, 3, 6, 9, 12) GROUP BY e.since ORDER BY 1
                        """)) {
                    while (rs.next()) {
                        System.out.printf(Locale.ROOT, "  retention %d months after the first order: %.0f%% of %,d%n",
                                rs.getInt(1), 100 * rs.getDouble(2), rs.getLong(3));
                    }
                }
                try (ResultSet rs = s.executeQuery("""
                        SELECT date_trunc('month', placed_at)::date, count(*), count(DISTINCT retailer_id)
                        FROM orders GROUP BY 1 ORDER BY 1
                        """)) {
                    while (rs.next()) {
                        System.out.printf(Locale.ROOT, "  orders in %s: %,d by %,d retailers%n", rs.getString(1), rs.getLong(2), rs.getLong(3));
                    }
                }
            }
        }
    }
}
