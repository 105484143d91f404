package com.wholesaleos.marketplace.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The growth plan's actuals computed by plain SQL over the transactional database, from the README's definitions: the
 * reference the milestone views (Trino over the gold marts) are tested against. As of a day: cumulative metrics count
 * everything dated on or before it (UTC); rates and averages are those of the last month that ended before it.
 */
public final class SourceMilestones {
    private SourceMilestones() {}

    /** The latest business day the marketplace has: an onboarding, or a confirmed order placed (UTC). */
    public static LocalDate asOf(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT max(d) FROM (
                  SELECT max((created_at AT TIME ZONE 'UTC')::date) AS d FROM manufacturers
                  UNION ALL SELECT max((signup_at AT TIME ZONE 'UTC')::date) FROM retailers
                  UNION ALL SELECT max((created_at AT TIME ZONE 'UTC')::date) FROM distributors
                  UNION ALL SELECT max((placed_at AT TIME ZONE 'UTC')::date) FROM orders
                    WHERE id IN (SELECT order_id FROM order_status_history WHERE status IN ('confirmed', 'shipped', 'delivered', 'refunded'))
                ) x"""); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getDate(1).toLocalDate();
        }
    }

    /** The last month that ended before {@code asOf} (a month ending on it is not complete before it): its first day. */
    public static LocalDate lastCompleteMonth(LocalDate asOf) {
        return asOf.withDayOfMonth(1).minusMonths(1);
    }

    /** metric -> actual as of the day, in the plan's currency (USD) for money. */
    public static Map<String, BigDecimal> actuals(Connection c, LocalDate asOf, String currency) throws SQLException {
        Map<String, BigDecimal> out = new TreeMap<>();
        LocalDate month = lastCompleteMonth(asOf);
        LocalDate afterMonth = month.plusMonths(1);
        out.put("manufacturers", one(c, "SELECT count(*) FROM manufacturers WHERE (created_at AT TIME ZONE 'UTC')::date <= ?", asOf));
        out.put("retailers", one(c, "SELECT count(*) FROM retailers WHERE (signup_at AT TIME ZONE 'UTC')::date <= ?", asOf));
        out.put("distributors", one(c, "SELECT count(*) FROM distributors WHERE (created_at AT TIME ZONE 'UTC')::date <= ?", asOf));
        BigDecimal gmv = BigDecimal.ZERO;
        for (var e : com.wholesaleos.marketplace.gmv.SourceGmv.byDay(c).entrySet()) {
            String[] k = e.getKey().split("\\|");
            if (k[1].equals(currency) && !LocalDate.parse(k[0]).isAfter(asOf)) gmv = gmv.add(e.getValue());
        }
        out.put("gmv", gmv);
        BigDecimal revenue = BigDecimal.ZERO;
        for (var e : SourceMetrics.platformRevenue(c).entrySet()) {
            String[] k = e.getKey().split("\\|");
            if (k[1].equals(currency) && !LocalDate.parse(k[0]).isAfter(asOf)) revenue = revenue.add(new BigDecimal(e.getValue().get(3)));
        }
        out.put("revenue", revenue);
        long signedUp = 0;
        long activated = 0;
        for (var e : SourceMetrics.activation(c).entrySet()) {
            if (LocalDate.parse(e.getKey()).isBefore(afterMonth)) {
                signedUp += Long.parseLong(e.getValue().get(0));
                activated += Long.parseLong(e.getValue().get(1));
            }
        }
        if (signedUp > 0) out.put("activation", BigDecimal.valueOf(activated).divide(BigDecimal.valueOf(signedUp), 4, RoundingMode.HALF_UP));
        List<String> repeat = SourceMetrics.repeatPurchase(c).get(month + "|all");
        if (repeat != null) out.put("repeat_purchase", new BigDecimal(repeat.get(2)).setScale(4, RoundingMode.HALF_UP));
        BigDecimal rating = one(c, "SELECT round(sum(rating)::numeric / nullif(count(*), 0), 2) FROM reviews WHERE (created_at AT TIME ZONE 'UTC')::date < ?",
                afterMonth);
        if (rating != null) out.put("average_rating", rating);
        return out;
    }

    /** region code -> repeat order rate of the last complete month (null without confirmed orders then), active distributors serving it. */
    public static Map<String, List<BigDecimal>> regionRollout(Connection c, LocalDate asOf) throws SQLException {
        Map<String, List<String>> repeat = SourceMetrics.repeatPurchase(c);
        LocalDate month = lastCompleteMonth(asOf);
        Map<String, List<BigDecimal>> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.id, r.code, (SELECT count(*) FROM distributor_regions dr JOIN distributors d ON d.id = dr.distributor_id
                                      WHERE dr.region_id = r.id AND d.status = 'active')
                FROM regions r"""); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<String> m = repeat.get(month + "|" + rs.getLong(1));
                out.put(rs.getString(2), java.util.Arrays.asList(m == null ? null : new BigDecimal(m.get(5)).setScale(4, RoundingMode.HALF_UP),
                        BigDecimal.valueOf(rs.getLong(3))));
            }
        }
        return out;
    }

    private static BigDecimal one(Connection c, String sql, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDate(1, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }
}
