package com.wholesaleos.marketplace.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The warehouse's metrics computed by plain SQL over the transactional database, written from the README's
 * definitions and not from the marts' queries: the reference the gold marts are tested against (as {@code SourceGmv}
 * is live GMV's). Each metric comes back as rows keyed by their dimensions, values as plain strings (decimals
 * unscaled by the database: 0.5000 and 0.5 differ, so both sides round to the same scale).
 */
public final class SourceMetrics {
    private SourceMetrics() {}

    /** Orders that reached confirmation at some point (confirmed, shipped, delivered or refunded in their history). */
    private static final String CONFIRMED = """
            WITH confirmed_orders AS (
              SELECT o.* FROM orders o
              WHERE o.id IN (SELECT order_id FROM order_status_history WHERE status IN ('confirmed', 'shipped', 'delivered', 'refunded'))
            )
            """;

    /** cohort month | months since -> cohort size, active retailers, share active (4 places). */
    public static Map<String, List<String>> retentionCohorts(Connection c) throws SQLException {
        return rows(c, CONFIRMED + """
                , months AS (
                  SELECT retailer_id, date_trunc('month', placed_at AT TIME ZONE 'UTC') AS month FROM confirmed_orders GROUP BY 1, 2
                ), cohorts AS (SELECT retailer_id, min(month) AS cohort FROM months GROUP BY 1)
                SELECT to_char(k.cohort, 'YYYY-MM-DD') || '|' || ((extract(year FROM m.month) - extract(year FROM k.cohort)) * 12
                         + extract(month FROM m.month) - extract(month FROM k.cohort))::int,
                       (SELECT count(*) FROM cohorts z WHERE z.cohort = k.cohort), count(*),
                       round(count(*)::numeric / (SELECT count(*) FROM cohorts z WHERE z.cohort = k.cohort), 4)
                FROM cohorts k JOIN months m ON m.retailer_id = k.retailer_id
                GROUP BY k.cohort, m.month
                """);
    }

    /** month | region (or "all") -> ordering retailers, repeat retailers, repeat purchase rate, orders, repeat orders, repeat order rate. */
    public static Map<String, List<String>> repeatPurchase(Connection c) throws SQLException {
        return rows(c, CONFIRMED + """
                , numbered AS (
                  SELECT o.*, date_trunc('month', o.placed_at AT TIME ZONE 'UTC') AS month,
                         (SELECT count(*) FROM confirmed_orders p WHERE p.retailer_id = o.retailer_id
                            AND (p.placed_at < o.placed_at OR (p.placed_at = o.placed_at AND p.id < o.id))) AS earlier
                  FROM confirmed_orders o
                ), by_region AS (
                  SELECT month, region_id::text AS region, retailer_id, count(*) AS n, count(*) FILTER (WHERE earlier > 0) AS repeats
                  FROM numbered GROUP BY 1, 2, 3
                  UNION ALL
                  SELECT month, 'all', retailer_id, count(*), count(*) FILTER (WHERE earlier > 0) FROM numbered GROUP BY 1, 3
                )
                SELECT to_char(month, 'YYYY-MM-DD') || '|' || region, count(*), count(*) FILTER (WHERE n >= 2),
                       round((count(*) FILTER (WHERE n >= 2))::numeric / count(*), 4), sum(n), sum(repeats), round(sum(repeats)::numeric / sum(n), 4)
                FROM by_region GROUP BY month, region
                """);
    }

    /** sign-up month -> signed up, activated within 30 days, activation rate. */
    public static Map<String, List<String>> activation(Connection c) throws SQLException {
        return rows(c, CONFIRMED + """
                , firsts AS (SELECT retailer_id, min(placed_at) AS first_at FROM confirmed_orders GROUP BY 1)
                SELECT to_char(date_trunc('month', r.signup_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD'), count(*),
                       count(*) FILTER (WHERE f.first_at < r.signup_at + interval '30 days'),
                       round((count(*) FILTER (WHERE f.first_at < r.signup_at + interval '30 days'))::numeric / count(*), 4)
                FROM retailers r LEFT JOIN firsts f ON f.retailer_id = r.id GROUP BY 1
                """);
    }

    /** day | currency -> commission, referral credits, affiliate commissions, net revenue (2 places). */
    public static Map<String, List<String>> platformRevenue(Connection c) throws SQLException {
        return rows(c, """
                WITH first_confirmation AS (
                  SELECT DISTINCT ON (order_id) order_id, id, changed_at FROM order_status_history
                  WHERE status IN ('confirmed', 'shipped', 'delivered', 'refunded') ORDER BY order_id, id
                ), cancellation AS (
                  SELECT DISTINCT ON (h.order_id) h.order_id, h.changed_at FROM order_status_history h
                  JOIN first_confirmation f ON f.order_id = h.order_id AND h.id > f.id
                  WHERE h.status = 'cancelled' ORDER BY h.order_id, h.id
                ), line AS (
                  SELECT i.*, o.currency, o.retailer_id, COALESCE(m.commission_rate, k.commission_rate) AS rate
                  FROM order_items i JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id
                  JOIN manufacturers m ON m.id = p.manufacturer_id JOIN categories k ON k.id = i.category_id
                ), movement AS (
                  SELECT f.changed_at AS at, l.currency, l.retailer_id, l.rate, l.line_total AS value FROM line l JOIN first_confirmation f USING (order_id)
                  UNION ALL SELECT x.changed_at, l.currency, l.retailer_id, l.rate, -l.line_total FROM line l JOIN cancellation x USING (order_id)
                  UNION ALL SELECT r.created_at, l.currency, l.retailer_id, l.rate, -r.amount
                            FROM refunds r JOIN line l ON l.order_id = r.order_id AND l.line_no = r.line_no JOIN first_confirmation f ON f.order_id = r.order_id
                  UNION ALL SELECT greatest(r.created_at, x.changed_at), l.currency, l.retailer_id, l.rate, r.amount
                            FROM refunds r JOIN line l ON l.order_id = r.order_id AND l.line_no = r.line_no JOIN cancellation x ON x.order_id = r.order_id
                ), per_day AS (
                  SELECT (at AT TIME ZONE 'UTC')::date AS day, currency, sum(value * rate) AS commission,
                         sum(value * 0.01) FILTER (WHERE retailer_id IN (SELECT referee_id FROM referrals WHERE status = 'rewarded')) AS affiliate
                  FROM movement GROUP BY 1, 2
                ), credit AS (
                  SELECT (created_at AT TIME ZONE 'UTC')::date AS day, currency, sum(reward) AS credits FROM referrals WHERE status = 'rewarded' GROUP BY 1, 2
                )
                SELECT COALESCE(p.day, c.day)::text || '|' || COALESCE(p.currency, c.currency),
                       round(COALESCE(p.commission, 0), 2), round(COALESCE(c.credits, 0), 2), round(COALESCE(p.affiliate, 0), 2),
                       round(COALESCE(p.commission, 0), 2) - round(COALESCE(c.credits, 0), 2) - round(COALESCE(p.affiliate, 0), 2)
                FROM per_day p FULL JOIN credit c ON c.day = p.day AND c.currency = p.currency
                """);
    }

    /** Rows of a query whose first column is the key and the rest its values, as plain strings. */
    public static Map<String, List<String>> rows(Connection c, String sql) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 2; i <= md.getColumnCount(); i++) values.add(rs.getString(i));
                out.put(rs.getString(1), values);
            }
        }
        return out;
    }
}
