package com.wholesaleos.warehouse.milestone;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The milestone table and the regions' rollout readiness as the views compute them (read from their materialized
 * tables, {@link MilestoneRefresh}), through Trino: what {@code wos milestones} prints and the console shows. Nothing is
 * computed here; every figure is the views'.
 */
public record MilestoneReport(@JsonProperty("as_of") LocalDate asOf, LocalDate launch, List<Milestone> milestones, List<Region> regions) {

    /** One phase x metric. {@code actual}, {@code progress}, {@code trend_30d} are null when not measured or no data yet. */
    public record Milestone(String phase, int months, LocalDate deadline, String metric, String label, String unit, BigDecimal target,
                            BigDecimal actual, Double progress, @JsonProperty("trend_30d") BigDecimal trend30d,
                            @JsonProperty("growth_30d") Double growth30d, @JsonProperty("projected_date") LocalDate projectedDate, String status) {
        public boolean measured() { return !"not measured".equals(status); }
    }

    /** A region against the plan's rollout criteria. */
    public record Region(@JsonProperty("region_id") long regionId, String code, String name, @JsonProperty("measured_month") LocalDate measuredMonth,
                         @JsonProperty("repeat_order_rate") BigDecimal repeatOrderRate, @JsonProperty("repeat_order_rate_target") BigDecimal repeatOrderRateTarget,
                         @JsonProperty("repeat_order_rate_met") boolean repeatOrderRateMet, @JsonProperty("active_distributors") long activeDistributors,
                         @JsonProperty("active_distributors_target") BigDecimal activeDistributorsTarget,
                         @JsonProperty("distributor_coverage_met") boolean distributorCoverageMet, boolean ready) {}

    public static MilestoneReport read(Connection trino) throws SQLException {
        List<Milestone> milestones = new ArrayList<>();
        LocalDate asOf = null;
        LocalDate launch = null;
        try (Statement st = trino.createStatement();
             ResultSet rs = st.executeQuery("SELECT phase, months, deadline, metric, label, unit, target, actual, progress, trend_30d, growth_30d, "
                     + "projected_date, status, as_of, launch FROM " + MilestoneRefresh.PROGRESS + " ORDER BY phase_order, position")) {
            while (rs.next()) {
                milestones.add(new Milestone(rs.getString("phase"), rs.getInt("months"), date(rs, "deadline"), rs.getString("metric"),
                        rs.getString("label"), rs.getString("unit"), rs.getBigDecimal("target"), rs.getBigDecimal("actual"),
                        (Double) rs.getObject("progress"), rs.getBigDecimal("trend_30d"), (Double) rs.getObject("growth_30d"),
                        date(rs, "projected_date"), rs.getString("status")));
                asOf = date(rs, "as_of");
                launch = date(rs, "launch");
            }
        }
        List<Region> regions = new ArrayList<>();
        try (Statement st = trino.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + MilestoneRefresh.REGIONS + " ORDER BY region_id")) {
            while (rs.next()) {
                regions.add(new Region(rs.getLong("region_id"), rs.getString("code"), rs.getString("name"), date(rs, "measured_month"),
                        rs.getBigDecimal("repeat_order_rate"), rs.getBigDecimal("min_repeat_order_rate"), rs.getBoolean("repeat_order_rate_met"),
                        rs.getLong("active_distributors"), rs.getBigDecimal("min_active_distributors"), rs.getBoolean("distributor_coverage_met"),
                        rs.getBoolean("ready")));
            }
        }
        return new MilestoneReport(asOf, launch, milestones, regions);
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}
