package com.wholesaleos.marketplace.gmv;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * GMV computed by plain SQL over the transactional database, with the platform's documented definition:
 * an order's line values count from its first status at or after confirmation (confirmed, or shipped, delivered,
 * refunded when a step was skipped); a cancellation after confirmation reverses
 * them; each refund (partial or full) of a confirmed order reverses its amount; a cancelled order nets to zero
 * (its refunds are given back at the later of refund and cancellation). Each entry is dated by the business time
 * the marketplace recorded: the status change's {@code changed_at}, the refund's {@code created_at} — what the live
 * job uses as event time, and what stays right when a table rewrite (VACUUM FULL, ALTER TYPE) re-stamps row
 * versions. This is the reference the live figures are tested against.
 */
public final class SourceGmv {

    /** A minute window of one region × category × retailer segment × currency. */
    public record MinuteKey(long windowStartMs, long regionId, long categoryId, String segment, String currency)
            implements Comparable<MinuteKey> {
        @Override
        public int compareTo(MinuteKey o) {
            return toString().compareTo(o.toString());
        }
    }

    private static final String ENTRIES = """
            WITH confirmed AS (
              -- counted from the first status at or after confirmation (placed -> shipped counts at shipping)
              SELECT DISTINCT ON (h.order_id) h.order_id, h.id, h.changed_at AS at
              FROM order_status_history h WHERE h.status IN ('confirmed', 'shipped', 'delivered', 'refunded')
              ORDER BY h.order_id, h.id
            ), cancelled AS (
              SELECT DISTINCT ON (h.order_id) h.order_id, h.changed_at AS at
              FROM order_status_history h JOIN confirmed c ON c.order_id = h.order_id AND h.id > c.id
              WHERE h.status = 'cancelled'
              ORDER BY h.order_id, h.id
            ), entries AS (
              SELECT c.at, o.region_id, i.category_id, o.retailer_segment, o.currency, i.line_total AS amount
              FROM confirmed c JOIN orders o ON o.id = c.order_id JOIN order_items i ON i.order_id = o.id
              UNION ALL
              SELECT x.at, o.region_id, i.category_id, o.retailer_segment, o.currency, -i.line_total
              FROM cancelled x JOIN orders o ON o.id = x.order_id JOIN order_items i ON i.order_id = o.id
              UNION ALL
              SELECT r.created_at, o.region_id, i.category_id, o.retailer_segment, o.currency, -r.amount
              FROM refunds r JOIN confirmed c ON c.order_id = r.order_id JOIN orders o ON o.id = r.order_id
              JOIN order_items i ON i.order_id = r.order_id AND i.line_no = r.line_no
              UNION ALL
              SELECT greatest(r.created_at, x.at), o.region_id, i.category_id, o.retailer_segment, o.currency, r.amount
              FROM refunds r JOIN cancelled x ON x.order_id = r.order_id JOIN orders o ON o.id = r.order_id
              JOIN order_items i ON i.order_id = r.order_id AND i.line_no = r.line_no
            )
            """;

    private SourceGmv() {}

    /** Current GMV per currency from the orders' present state: no timestamps involved. */
    public static Map<String, BigDecimal> total(Connection c) throws SQLException {
        String sql = """
                SELECT o.currency,
                       sum(i.line_total) - coalesce(sum(r.refunded), 0)
                FROM orders o
                JOIN (SELECT order_id, sum(line_total) AS line_total FROM order_items GROUP BY order_id) i ON i.order_id = o.id
                LEFT JOIN (SELECT order_id, sum(amount) AS refunded FROM refunds GROUP BY order_id) r ON r.order_id = o.id
                WHERE o.status IN ('confirmed', 'shipped', 'delivered', 'refunded')
                GROUP BY o.currency
                """;
        Map<String, BigDecimal> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), rs.getBigDecimal(2));
        }
        return out;
    }

    /** GMV per UTC day (business time) and currency. */
    public static Map<String, BigDecimal> byDay(Connection c) throws SQLException {
        String sql = ENTRIES + """
                SELECT (at AT TIME ZONE 'UTC')::date, currency, sum(amount) FROM entries GROUP BY 1, 2
                """;
        Map<String, BigDecimal> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getObject(1, LocalDate.class) + "|" + rs.getString(2), rs.getBigDecimal(3));
        }
        return out;
    }

    /** GMV per minute (business time) × region × category × segment × currency (windows summing to zero included). */
    public static Map<MinuteKey, BigDecimal> byMinute(Connection c) throws SQLException {
        String sql = ENTRIES + """
                SELECT date_trunc('minute', at AT TIME ZONE 'UTC'), region_id, category_id, retailer_segment, currency, sum(amount)
                FROM entries GROUP BY 1, 2, 3, 4, 5
                """;
        Map<MinuteKey, BigDecimal> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long start = rs.getObject(1, java.time.LocalDateTime.class).toInstant(ZoneOffset.UTC).toEpochMilli();
                out.put(new MinuteKey(start, rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)), rs.getBigDecimal(6));
            }
        }
        return out;
    }
}
