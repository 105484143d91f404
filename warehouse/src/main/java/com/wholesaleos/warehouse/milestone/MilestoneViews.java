package com.wholesaleos.warehouse.milestone;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The growth plan's tables and the milestone views, in Trino's SQL, created reproducibly through a Trino connection: the
 * plan's CSVs become tables in {@code iceberg.plan}; the views in {@code iceberg.milestones} read the gold marts (and
 * silver's regions and distributors), and {@code gmv_daily} and {@code today} also read the live database (catalog
 * {@code marketplace}) for the current UTC day. Every figure is as of the warehouse's latest day ({@code as_of}).
 */
public final class MilestoneViews {
    public static final String SCHEMA = "iceberg.milestones";
    public static final String PLAN_SCHEMA = "iceberg.plan";
    /** The plan's currency: GMV and revenue targets are in it, and only entries in it count toward them. */
    public static final String CURRENCY = "USD";

    /**
     * Midnight UTC of the query's day as a constant expression, so the predicates on the live database's timestamps are
     * pushed down to PostgreSQL (and its indexes) instead of pulling the tables through JDBC.
     */
    static final String START_OF_TODAY = "date_trunc('day', current_timestamp AT TIME ZONE 'UTC')";

    /** What the views read: until every one exists (the first warehouse run builds them) the views wait. */
    static final List<String> INPUTS = List.of("gold.network_growth", "gold.daily_gmv_totals", "gold.platform_revenue", "gold.activation",
            "gold.repeat_purchase", "gold.review_ratings", "silver.regions", "silver.distributors", "silver.distributor_regions");

    private MilestoneViews() {}

    /** Each metric's value by day: cumulative metrics every day they change, level metrics at the end of each complete month. */
    static final String METRIC_SERIES = """
            WITH as_of AS (SELECT max(day) AS day FROM iceberg.gold.network_growth),
            series AS (
              SELECT CAST('manufacturers' AS VARCHAR) AS metric, day, CAST(manufacturers AS DECIMAL(38, 4)) AS value FROM iceberg.gold.network_growth
              UNION ALL SELECT 'retailers', day, CAST(retailers AS DECIMAL(38, 4)) FROM iceberg.gold.network_growth
              UNION ALL SELECT 'distributors', day, CAST(distributors AS DECIMAL(38, 4)) FROM iceberg.gold.network_growth
              UNION ALL SELECT 'gmv', day, CAST(sum(gmv) OVER (ORDER BY day) AS DECIMAL(38, 4))
                FROM iceberg.gold.daily_gmv_totals WHERE currency = '%1$s'
              UNION ALL SELECT 'revenue', day, CAST(sum(sum(net_revenue)) OVER (ORDER BY day) AS DECIMAL(38, 4))
                FROM iceberg.gold.platform_revenue WHERE currency = '%1$s' GROUP BY day
              UNION ALL SELECT 'activation', last_day_of_month(signup_month),
                CAST(round(CAST(sum(sum(activated_30d)) OVER (ORDER BY signup_month) AS DECIMAL(38, 10))
                           / sum(sum(signed_up)) OVER (ORDER BY signup_month), 4) AS DECIMAL(38, 4))
                FROM iceberg.gold.activation GROUP BY signup_month
              UNION ALL SELECT 'repeat_purchase', last_day_of_month(month), CAST(repeat_purchase_rate AS DECIMAL(38, 4))
                FROM iceberg.gold.repeat_purchase WHERE region_id IS NULL
              UNION ALL SELECT 'average_rating', last_day_of_month(month),
                CAST(round(CAST(sum(sum(rating_sum)) OVER (ORDER BY month) AS DECIMAL(38, 10)) / sum(sum(reviews)) OVER (ORDER BY month), 2) AS DECIMAL(38, 4))
                FROM iceberg.gold.review_ratings GROUP BY month
            )
            SELECT s.metric, s.day, s.value
            FROM series s JOIN iceberg.plan.metrics m ON m.metric = s.metric CROSS JOIN as_of a
            WHERE m.measured AND (m.kind = 'cumulative' OR s.day < a.day)
            """.formatted(CURRENCY);

    /** Per metric: its latest value (on or before the warehouse's latest day) and its value 30 or more days before that. */
    static final String METRIC_ACTUALS = """
            WITH as_of AS (SELECT max(day) AS day, min(day) AS launch FROM iceberg.gold.network_growth),
            latest AS (SELECT s.metric, max(s.day) AS day FROM iceberg.milestones.metric_series s CROSS JOIN as_of a WHERE s.day <= a.day GROUP BY s.metric)
            SELECT m.metric, m.position, m.label, m.unit, m.kind, m.measured, m.definition, a.day AS as_of, a.launch,
                   l.day AS actual_day,
                   max_by(s.value, s.day) FILTER (WHERE s.day = l.day) AS actual,
                   max_by(s.value, s.day) FILTER (WHERE s.day <= l.day - INTERVAL '30' DAY) AS previous
            FROM iceberg.plan.metrics m CROSS JOIN as_of a LEFT JOIN latest l ON l.metric = m.metric
            LEFT JOIN iceberg.milestones.metric_series s ON s.metric = m.metric
            GROUP BY m.metric, m.position, m.label, m.unit, m.kind, m.measured, m.definition, a.day, a.launch, l.day
            """;

    /**
     * Per phase and metric: target, actual, progress, trend (change over the last 30 days) and the date the target is
     * reached at the current growth rate (cumulative metrics compound at their 30-day growth; level metrics move at their
     * 30-day change), and a status: met, on track, behind, missed, no data yet, not measured.
     */
    static final String PROGRESS = """
            WITH a AS (
              SELECT *, actual - previous AS change_30d,
                     CASE WHEN previous > 0 THEN CAST(actual AS DOUBLE) / CAST(previous AS DOUBLE) - 1 END AS growth_30d
              FROM iceberg.milestones.metric_actuals
            ), t AS (
              SELECT p.phase, p.phase_order, p.months, date_add('month', p.months, a.launch) AS deadline, p.target, a.*,
                     CASE WHEN NOT a.measured OR a.actual IS NULL OR a.actual >= p.target THEN NULL
                          WHEN a.kind = 'cumulative' AND a.growth_30d > 0
                            THEN 30 * ln(CAST(p.target AS DOUBLE) / CAST(a.actual AS DOUBLE)) / ln(1 + a.growth_30d)
                          WHEN a.kind = 'level' AND a.change_30d > 0 THEN 30 * CAST(p.target - a.actual AS DOUBLE) / CAST(a.change_30d AS DOUBLE)
                     END AS days_to_target
              FROM iceberg.plan.targets p JOIN a ON a.metric = p.metric
            ), p AS (
              SELECT t.*, CASE WHEN days_to_target < 36500 THEN date_add('day', CAST(ceil(days_to_target) AS BIGINT), as_of) END AS projected_date
              FROM t
            )
            SELECT phase, phase_order, months, deadline, metric, position, label, unit, kind, measured, target,
                   CASE WHEN measured THEN actual END AS actual,
                   CASE WHEN measured AND actual IS NOT NULL THEN round(CAST(actual AS DOUBLE) / CAST(target AS DOUBLE), 4) END AS progress,
                   CASE WHEN measured THEN change_30d END AS trend_30d, round(growth_30d, 4) AS growth_30d, projected_date,
                   CAST(CASE WHEN NOT measured THEN 'not measured'
                        WHEN actual IS NULL THEN 'no data yet'
                        WHEN actual >= target THEN 'met'
                        WHEN as_of > deadline THEN 'missed'
                        WHEN projected_date <= deadline THEN 'on track'
                        ELSE 'behind' END AS VARCHAR) AS status,
                   as_of, launch
            FROM p
            """;

    /** Per region: the plan's rollout criteria, each with its figure, and whether the region is ready. */
    static final String REGION_ROLLOUT = """
            WITH as_of AS (SELECT max(day) AS day FROM iceberg.gold.network_growth),
            rates AS (
              SELECT region_id, max(month) AS month, max_by(repeat_order_rate, month) AS repeat_order_rate, max_by(orders, month) AS orders
              FROM iceberg.gold.repeat_purchase CROSS JOIN as_of
              WHERE region_id IS NOT NULL AND last_day_of_month(month) < as_of.day GROUP BY region_id
            ), coverage AS (
              SELECT dr.region_id, count(*) AS active_distributors
              FROM iceberg.silver.distributor_regions dr JOIN iceberg.silver.distributors d ON d.id = dr.distributor_id
              WHERE d.status = 'active' GROUP BY dr.region_id
            ), c AS (
              SELECT max(threshold) FILTER (WHERE criterion = 'repeat_order_rate') AS min_repeat_order_rate,
                     max(threshold) FILTER (WHERE criterion = 'active_distributors') AS min_active_distributors
              FROM iceberg.plan.rollout_criteria
            )
            SELECT r.id AS region_id, r.code, r.name, x.month AS measured_month, x.orders AS month_orders,
                   x.repeat_order_rate, c.min_repeat_order_rate, coalesce(x.repeat_order_rate >= c.min_repeat_order_rate, false) AS repeat_order_rate_met,
                   coalesce(v.active_distributors, 0) AS active_distributors, c.min_active_distributors,
                   coalesce(v.active_distributors, 0) >= c.min_active_distributors AS distributor_coverage_met,
                   coalesce(x.repeat_order_rate >= c.min_repeat_order_rate, false) AND coalesce(v.active_distributors, 0) >= c.min_active_distributors AS ready
            FROM iceberg.silver.regions r CROSS JOIN c LEFT JOIN rates x ON x.region_id = r.id LEFT JOIN coverage v ON v.region_id = r.id
            """;

    /**
     * Today's GMV entries straight from the live database, with live GMV's definition (and gold's): an order's lines count
     * at its first status at or after confirmation, a later cancellation reverses them, a refund reverses its amount, a
     * cancelled order's refunds are given back at the later of refund and cancellation. Only orders with a status change
     * or a refund today can have an entry today, so only their rows are read.
     */
    static final String LIVE_ENTRIES_TODAY = """
            today AS (SELECT CAST(current_timestamp AT TIME ZONE 'UTC' AS DATE) AS day),
            touched AS (
              SELECT order_id FROM marketplace.public.order_status_history WHERE changed_at >= %1$s
              UNION SELECT order_id FROM marketplace.public.refunds WHERE created_at >= %1$s
            ), statuses AS (
              SELECT h.* FROM marketplace.public.order_status_history h WHERE h.order_id IN (SELECT order_id FROM touched)
            ), confirmed AS (
              SELECT order_id, min(id) AS id FROM statuses WHERE status IN ('confirmed', 'shipped', 'delivered', 'refunded') GROUP BY order_id
            ), confirmed_at AS (
              SELECT c.order_id, c.id, h.changed_at AS at FROM confirmed c JOIN statuses h ON h.id = c.id
            ), cancelled AS (
              SELECT h.order_id, min_by(h.changed_at, h.id) AS at
              FROM statuses h JOIN confirmed c ON c.order_id = h.order_id AND h.id > c.id WHERE h.status = 'cancelled' GROUP BY h.order_id
            ), totals AS (
              SELECT i.order_id, sum(i.line_total) AS amount FROM marketplace.public.order_items i
              WHERE i.order_id IN (SELECT order_id FROM touched) GROUP BY i.order_id
            ), refunds AS (
              SELECT r.order_id, r.created_at, r.amount FROM marketplace.public.refunds r
              JOIN marketplace.public.order_items i ON i.order_id = r.order_id AND i.line_no = r.line_no
              WHERE r.order_id IN (SELECT order_id FROM touched)
            ), entries AS (
              SELECT c.at, CAST(o.currency AS VARCHAR) AS currency, t.amount FROM confirmed_at c JOIN marketplace.public.orders o ON o.id = c.order_id JOIN totals t ON t.order_id = c.order_id
              UNION ALL SELECT x.at, CAST(o.currency AS VARCHAR), -t.amount FROM cancelled x JOIN marketplace.public.orders o ON o.id = x.order_id JOIN totals t ON t.order_id = x.order_id
              UNION ALL SELECT r.created_at, CAST(o.currency AS VARCHAR), -r.amount FROM refunds r JOIN confirmed c ON c.order_id = r.order_id
                JOIN marketplace.public.orders o ON o.id = r.order_id
              UNION ALL SELECT greatest(r.created_at, x.at), CAST(o.currency AS VARCHAR), r.amount FROM refunds r JOIN cancelled x ON x.order_id = r.order_id
                JOIN marketplace.public.orders o ON o.id = r.order_id
            ), live AS (
              SELECT e.currency, sum(e.amount) AS gmv FROM entries e WHERE e.at >= %1$s AND e.at < %1$s + INTERVAL '1' DAY GROUP BY e.currency
            )""".formatted(START_OF_TODAY);

    /** GMV per UTC day: days before today from the warehouse (gold.daily_gmv_totals), today from the live database. */
    static final String GMV_DAILY = "WITH " + LIVE_ENTRIES_TODAY + """

            SELECT g.day, g.currency, g.gmv, CAST('warehouse' AS VARCHAR) AS source
            FROM iceberg.gold.daily_gmv_totals g CROSS JOIN today WHERE g.day < today.day
            UNION ALL
            SELECT today.day, live.currency, CAST(live.gmv AS DECIMAL(38, 2)), 'live' FROM live CROSS JOIN today
            """;

    /** One row: today's figures from the live database beside the totals to date (warehouse history + today). */
    static final String TODAY = "WITH " + LIVE_ENTRIES_TODAY + """
            , history AS (
              SELECT sum(g.gmv) AS gmv FROM iceberg.gold.daily_gmv_totals g CROSS JOIN today WHERE g.day < today.day AND g.currency = '%1$s'
            ), network AS (
              SELECT (SELECT count(*) FROM marketplace.public.orders WHERE placed_at >= %2$s) AS orders_today,
                     (SELECT count(*) FROM marketplace.public.manufacturers) AS manufacturers,
                     (SELECT count(*) FROM marketplace.public.retailers) AS retailers,
                     (SELECT count(*) FROM marketplace.public.distributors) AS distributors,
                     (SELECT max(day) FROM iceberg.gold.network_growth) AS warehouse_as_of
            )
            SELECT today.day, CAST(coalesce(l.gmv, 0) AS DECIMAL(38, 2)) AS gmv_today,
                   CAST(coalesce(h.gmv, 0) + coalesce(l.gmv, 0) AS DECIMAL(38, 2)) AS gmv_to_date,
                   n.orders_today, n.manufacturers, n.retailers, n.distributors, n.warehouse_as_of
            FROM today CROSS JOIN history h CROSS JOIN network n LEFT JOIN live l ON l.currency = '%1$s'
            """.formatted(CURRENCY, START_OF_TODAY);

    /** The views, in creation order (a view must exist before one that reads it). */
    static final Map<String, String> VIEWS = views();

    private static Map<String, String> views() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("metric_series", METRIC_SERIES);
        v.put("metric_actuals", METRIC_ACTUALS);
        v.put("progress", PROGRESS);
        v.put("region_rollout", REGION_ROLLOUT);
        v.put("gmv_daily", GMV_DAILY);
        v.put("today", TODAY);
        return v;
    }

    /** The plan's and the views' version: installation is skipped while the installed one equals it. */
    public static String version(GrowthPlan plan) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(plan.version().getBytes(StandardCharsets.UTF_8));
            VIEWS.forEach((name, sql) -> sha.update((name + sql).getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads the plan and creates the views unless this version is installed already. Returns what it waits for when the
     * warehouse lacks an input (before the first warehouse run), empty when installed.
     */
    public static Optional<String> install(Connection trino) throws SQLException {
        return install(trino, GrowthPlan.load());
    }

    public static Optional<String> install(Connection trino, GrowthPlan plan) throws SQLException {
        List<String> missing = missingInputs(trino);
        if (!missing.isEmpty()) return Optional.of("the warehouse has no " + String.join(", ", missing) + " yet (the first warehouse_hourly run builds them)");
        String version = version(plan);
        if (version.equals(installedVersion(trino).orElse(null))) return Optional.empty();
        try (Statement st = trino.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + PLAN_SCHEMA);
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            st.execute("CREATE OR REPLACE TABLE " + PLAN_SCHEMA + ".metrics AS SELECT * FROM (VALUES " + plan.metrics().stream()
                    .map(m -> "(" + String.join(", ", text(m.metric()), String.valueOf(m.position()), text(m.label()), text(m.unit()), text(m.kind().name()),
                            String.valueOf(m.measured()), text(m.definition())) + ")").collect(Collectors.joining(", "))
                    + ") AS t(metric, position, label, unit, kind, measured, definition)");
            st.execute("CREATE OR REPLACE TABLE " + PLAN_SCHEMA + ".targets AS SELECT * FROM (VALUES " + plan.targets().stream()
                    .map(t -> "(" + String.join(", ", text(t.phase()), String.valueOf(t.phaseOrder()), String.valueOf(t.months()), text(t.metric()),
                            decimal(t.target())) + ")").collect(Collectors.joining(", "))
                    + ") AS t(phase, phase_order, months, metric, target)");
            st.execute("CREATE OR REPLACE TABLE " + PLAN_SCHEMA + ".rollout_criteria AS SELECT * FROM (VALUES " + plan.criteria().stream()
                    .map(c -> "(" + String.join(", ", text(c.criterion()), text(c.label()), decimal(c.threshold())) + ")").collect(Collectors.joining(", "))
                    + ") AS t(criterion, label, threshold)");
            for (var view : VIEWS.entrySet()) st.execute("CREATE OR REPLACE VIEW " + SCHEMA + "." + view.getKey() + " AS " + view.getValue());
            st.execute("CREATE OR REPLACE VIEW " + SCHEMA + ".about AS SELECT CAST(" + text(version) + " AS VARCHAR) AS version, CAST("
                    + text(plan.version()) + " AS VARCHAR) AS plan_version");
        }
        return Optional.empty();
    }

    /** The installed views' version; empty before the milestones task first installed them. */
    public static Optional<String> installedVersion(Connection trino) {
        try (Statement st = trino.createStatement(); ResultSet rs = st.executeQuery("SELECT version FROM " + SCHEMA + ".about")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty(); // not installed yet
        }
    }

    private static List<String> missingInputs(Connection trino) throws SQLException {
        Set<String> present = new HashSet<>();
        try (Statement st = trino.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_schema || '.' || table_name FROM iceberg.information_schema.tables "
                     + "WHERE table_schema IN ('gold', 'silver')")) {
            while (rs.next()) present.add(rs.getString(1));
        }
        List<String> missing = new ArrayList<>();
        for (String t : INPUTS) if (!present.contains(t)) missing.add(t);
        return missing;
    }

    private static String text(String s) { return "'" + s.replace("'", "''") + "'"; }

    /** Targets as DECIMAL(38, 4) for every metric: one column type, exact. */
    private static String decimal(BigDecimal d) { return "CAST(" + d.toPlainString() + " AS DECIMAL(38, 4))"; }
}
