package com.wholesaleos.console.leadership;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.warehouse.milestone.MilestoneReport;
import com.wholesaleos.warehouse.trino.TrinoEndpoint;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The leadership page's warehouse figures, read through Trino from the gold marts and the milestone tables: the GMV
 * trend, retention cohorts, repeat purchase, activation, milestones. Aggregates only (the marts hold no personal data).
 */
public final class WarehouseFigures {
    public record DayGmv(LocalDate day, String currency, BigDecimal gmv) {}
    public record Cohort(LocalDate cohortMonth, int monthsSince, long cohortSize, long activeRetailers, BigDecimal shareActive) {}
    public record RepeatPurchase(LocalDate month, long orderingRetailers, long repeatRetailers, BigDecimal repeatPurchaseRate,
                                 long orders, long repeatOrders, BigDecimal repeatOrderRate) {}
    public record Activation(LocalDate signupMonth, long signedUp, long activated30d, BigDecimal activationRate) {}

    private final WosConfig config;

    public WarehouseFigures(WosConfig config) { this.config = config; }

    public List<DayGmv> gmvTrend(int days) throws SQLException {
        return query("SELECT day, currency, gmv FROM iceberg.gold.daily_gmv_totals WHERE day > current_date - INTERVAL '" + days + "' DAY "
                + "ORDER BY day, currency", rs -> new DayGmv(LocalDate.parse(rs.getString(1)), rs.getString(2), rs.getBigDecimal(3)));
    }

    public List<Cohort> cohorts(int months) throws SQLException {
        return query("SELECT cohort_month, months_since, cohort_size, active_retailers, share_active FROM iceberg.gold.retention_cohorts "
                + "WHERE cohort_month >= date_trunc('month', current_date) - INTERVAL '" + months + "' MONTH ORDER BY cohort_month, months_since",
                rs -> new Cohort(LocalDate.parse(rs.getString(1)), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5)));
    }

    public List<RepeatPurchase> repeatPurchase(int months) throws SQLException {
        return query("SELECT month, ordering_retailers, repeat_retailers, repeat_purchase_rate, orders, repeat_orders, repeat_order_rate "
                + "FROM iceberg.gold.repeat_purchase WHERE region_id IS NULL AND month >= date_trunc('month', current_date) - INTERVAL '" + months
                + "' MONTH ORDER BY month", rs -> new RepeatPurchase(LocalDate.parse(rs.getString(1)), rs.getLong(2), rs.getLong(3),
                rs.getBigDecimal(4), rs.getLong(5), rs.getLong(6), rs.getBigDecimal(7)));
    }

    public List<Activation> activation(int months) throws SQLException {
        return query("SELECT signup_month, signed_up, activated_30d, activation_rate FROM iceberg.gold.activation "
                + "WHERE signup_month >= date_trunc('month', current_date) - INTERVAL '" + months + "' MONTH ORDER BY signup_month",
                rs -> new Activation(LocalDate.parse(rs.getString(1)), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4)));
    }

    /** The milestone table and region rollout as the trino stage keeps them current (wos milestones prints the same). */
    public MilestoneReport milestones() throws SQLException {
        try (Connection c = TrinoEndpoint.connect(config)) {
            return MilestoneReport.read(c);
        }
    }

    private interface Row<T> { T read(ResultSet rs) throws SQLException; }

    private <T> List<T> query(String sql, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (Connection c = TrinoEndpoint.connect(config); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(row.read(rs));
        }
        return out;
    }
}
