package com.wholesaleos.platform.milestones;

import com.wholesaleos.warehouse.milestone.MilestoneReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The milestone report as text: one line per phase and metric with a progress bar, then the regions' rollout readiness. */
public final class MilestoneTable {
    static final int BAR = 20;

    private MilestoneTable() {}

    public static String render(MilestoneReport r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Growth plan milestones as of %s (launch %s; figures from the warehouse's gold marts)%n%n", r.asOf(), r.launch()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PHASE", "DUE", "METRIC", "TARGET", "ACTUAL", "PROGRESS", "TREND 30D", "PROJECTED", "STATUS"});
        for (MilestoneReport.Milestone m : r.milestones()) {
            rows.add(new String[] {m.phase(), String.valueOf(m.deadline()), m.label(), figure(m.target(), m.unit()), figure(m.actual(), m.unit()),
                    bar(m.progress()), trend(m.trend30d(), m.unit()), m.projectedDate() == null ? "-" : m.projectedDate().toString(), m.status()});
        }
        out.append(columns(rows));
        out.append(String.format("%nRegion rollout (ready: every criterion met)%n"));
        List<String[]> regions = new ArrayList<>();
        regions.add(new String[] {"REGION", "REPEAT ORDER RATE", "", "ACTIVE DISTRIBUTORS", "", "READY"});
        for (MilestoneReport.Region g : r.regions()) {
            regions.add(new String[] {g.code(),
                    (g.repeatOrderRate() == null ? "no complete month" : percent(g.repeatOrderRate()) + " (" + g.measuredMonth().toString().substring(0, 7) + ")")
                            + " / " + percent(g.repeatOrderRateTarget()),
                    g.repeatOrderRateMet() ? "met" : "not met",
                    g.activeDistributors() + " / " + g.activeDistributorsTarget().stripTrailingZeros().toPlainString(),
                    g.distributorCoverageMet() ? "met" : "not met", g.ready() ? "yes" : "no"});
        }
        out.append(columns(regions));
        return out.toString();
    }

    /** {@code [#########...........]  45%}; a bar past 100% stays full and the figure says how far. */
    static String bar(Double progress) {
        if (progress == null) return "";
        int filled = (int) Math.max(0, Math.min(BAR, Math.floor(progress * BAR)));
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + String.format(Locale.ROOT, "%3.0f%%", progress * 100);
    }

    static String figure(BigDecimal v, String unit) {
        if (v == null) return "-";
        return switch (unit) {
            case "ratio" -> percent(v);
            case "USD" -> "$" + String.format(Locale.ROOT, "%,.0f", v.setScale(0, RoundingMode.HALF_UP));
            case "stars" -> v.setScale(2, RoundingMode.HALF_UP).toPlainString();
            default -> String.format(Locale.ROOT, "%,d", v.setScale(0, RoundingMode.HALF_UP).longValueExact());
        };
    }

    static String trend(BigDecimal change, String unit) {
        if (change == null) return "-";
        if (unit.equals("ratio")) return String.format(Locale.ROOT, "%+.1f pt", change.movePointRight(2));
        String f = figure(change.abs(), unit);
        return (change.signum() < 0 ? "-" : "+") + f;
    }

    static String percent(BigDecimal ratio) {
        return ratio == null ? "-" : ratio.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    private static String columns(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) line.append(String.format("%-" + (width[i] + 2) + "s", row[i]));
            b.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return b.toString();
    }
}
