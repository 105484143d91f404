package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.warehouse.milestone.MilestoneViews;
import com.wholesaleos.warehouse.trino.TrinoEndpoint;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * Trino's side of a demo: GMV read through the platform's Trino with the federated view (days before today from the
 * warehouse, today from the live database; days after today, which only a business-clock demo has, from the warehouse),
 * against GMV by SQL over the source. Runs after the warehouse run, which builds what the views read.
 *
 * @param gmvTrino      every day's GMV through Trino (USD); null when the views could not be installed
 * @param gmvTrinoToday today's (UTC) GMV through Trino, which the live database answers
 * @param gmvSourceToday today's GMV by SQL over the source
 */
public record TrinoCheck(BigDecimal gmvTrino, BigDecimal gmvSource, BigDecimal gmvTrinoToday, BigDecimal gmvSourceToday, String problem, double seconds) {

    public boolean matches() {
        return gmvTrino != null && gmvTrino.compareTo(gmvSource) == 0 && gmvTrinoToday.compareTo(gmvSourceToday) == 0;
    }

    public void addTo(com.fasterxml.jackson.databind.node.ObjectNode json) {
        json.put("gmv_trino", gmvTrino == null ? null : gmvTrino.toPlainString())
                .put("gmv_trino_today", gmvTrinoToday == null ? null : gmvTrinoToday.toPlainString())
                .put("gmv_source_today", gmvSourceToday.toPlainString()).put("trino_seconds", DemoJson.round(seconds, 1));
        if (problem != null) json.put("trino_problem", problem);
    }

    static final String GMV_BY_TRINO = """
            SELECT coalesce(sum(gmv), 0), coalesce(sum(gmv) FILTER (WHERE source = 'live'), 0) FROM (
              SELECT gmv, source FROM iceberg.milestones.gmv_daily WHERE currency = ?
              UNION ALL
              SELECT gmv, 'warehouse' FROM iceberg.gold.daily_gmv_totals WHERE currency = ? AND day > CAST(current_timestamp AT TIME ZONE 'UTC' AS DATE)
            ) x""";

    public static TrinoCheck run(WosConfig config, MarketplaceDatabase db, Consumer<String> progress) throws Exception {
        long started = System.nanoTime();
        progress.accept("trino: GMV through the federated view (warehouse history + today from the live database) ...");
        String today = LocalDate.now(ZoneOffset.UTC) + "|" + DemoRun.CURRENCY;
        BigDecimal source;
        BigDecimal sourceToday;
        try (Connection c = db.connect()) {
            source = SourceGmv.total(c).getOrDefault(DemoRun.CURRENCY, BigDecimal.ZERO.setScale(2));
            sourceToday = SourceGmv.byDay(c).getOrDefault(today, BigDecimal.ZERO).setScale(2);
        }
        try (Connection trino = TrinoEndpoint.connect(config)) {
            // A reader: the views are installed by warehouse_hourly's milestones task, the one writer.
            if (MilestoneViews.installedVersion(trino).isEmpty()) {
                return new TrinoCheck(null, source, null, sourceToday, "the milestone views are not installed (warehouse_hourly's milestones task installs them)",
                        (System.nanoTime() - started) / 1e9);
            }
            try (PreparedStatement ps = trino.prepareStatement(GMV_BY_TRINO)) {
                ps.setString(1, DemoRun.CURRENCY);
                ps.setString(2, DemoRun.CURRENCY);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new TrinoCheck(rs.getBigDecimal(1).setScale(2), source, rs.getBigDecimal(2).setScale(2), sourceToday, null,
                            (System.nanoTime() - started) / 1e9);
                }
            }
        }
    }
}
