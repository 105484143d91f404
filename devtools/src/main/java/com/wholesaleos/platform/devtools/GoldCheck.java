package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.orchestration.dag.DagRunState;
import com.wholesaleos.orchestration.dag.WarehouseDags;
import com.wholesaleos.orchestration.run.DagRun;
import com.wholesaleos.platform.warehouse.WarehouseRuns;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The warehouse's side of a demo: runs {@code warehouse_hourly} once (bronze -> silver -> gold) and compares the gold
 * daily GMV mart with GMV by SQL over the source, day by day and in total.
 *
 * @param runState  how the DAG run ended
 * @param gmvGold   the mart's total over every day (USD); null when the run failed
 * @param days      days with GMV in the source or the mart
 * @param daysMatching days where both agree to the cent
 * @param mismatches the first few days that differ: "day|currency source=.. gold=.."
 */
public record GoldCheck(String runState, BigDecimal gmvGold, BigDecimal gmvSource, int days, int daysMatching, java.util.List<String> mismatches,
                        double seconds, Map<String, BigDecimal[]> perDay) {

    public boolean matches() {
        return gmvGold != null && gmvGold.compareTo(gmvSource) == 0 && days == daysMatching;
    }

    /**
     * The demo's JSON fields; with more than one day (a demo over history), {@code per_day} lists each day's GMV by SQL,
     * gold, and live (days the live job counted live; null for history days, which are the warehouse's: the live job
     * dates a bulk-loaded order by the state it arrived in, not by its history, and reports it on wos.gmv.history).
     */
    public void addTo(com.fasterxml.jackson.databind.node.ObjectNode json, Map<String, BigDecimal> liveByDay) {
        json.put("gmv_gold", gmvGold == null ? null : gmvGold.toPlainString()).put("gold_days", days).put("gold_days_matching", daysMatching)
                .put("warehouse_run", runState).put("warehouse_seconds", DemoJson.round(seconds, 1));
        if (perDay.size() > 1) {
            var list = json.putArray("per_day");
            for (var e : perDay.entrySet()) {
                String[] k = e.getKey().split("\\|");
                BigDecimal live = liveByDay.get(e.getKey());
                list.addObject().put("day", k[0]).put("currency", k[1]).put("gmv_source", e.getValue()[0].toPlainString())
                        .put("gmv_gold", e.getValue()[1].toPlainString()).put("gmv_live", live == null ? null : live.toPlainString());
            }
        }
    }

    public static GoldCheck run(WosConfig config, MarketplaceDatabase db, Consumer<String> log, Consumer<String> progress) throws Exception {
        long started = System.nanoTime();
        progress.accept("warehouse: running warehouse_hourly (bronze -> silver -> gold) ...");
        Map<String, BigDecimal> source;
        BigDecimal sourceTotal;
        try (Connection c = db.connect()) {
            source = SourceGmv.byDay(c);
            sourceTotal = SourceGmv.total(c).getOrDefault(DemoRun.CURRENCY, BigDecimal.ZERO.setScale(2));
        }
        try (WarehouseRuns runs = new WarehouseRuns(config)) {
            DagRun run = runs.trigger(WarehouseDags.HOURLY, Optional.empty(), log);
            if (run.state() != DagRunState.SUCCESS) {
                return new GoldCheck(run.state().dbName(), null, sourceTotal, source.size(), 0, java.util.List.of(), (System.nanoTime() - started) / 1e9,
                        Map.of());
            }
            Map<String, BigDecimal> gold = runs.goldGmvByDay();
            TreeSet<String> keys = new TreeSet<>(source.keySet());
            keys.addAll(gold.keySet());
            int matching = 0;
            java.util.List<String> mismatches = new java.util.ArrayList<>();
            Map<String, BigDecimal[]> perDay = new java.util.TreeMap<>();
            for (String k : keys) {
                BigDecimal s = source.getOrDefault(k, BigDecimal.ZERO);
                BigDecimal g = gold.getOrDefault(k, BigDecimal.ZERO);
                perDay.put(k, new BigDecimal[] {s, g});
                if (s.compareTo(g) == 0) matching++;
                else if (mismatches.size() < 5) mismatches.add(k + " source=" + s.toPlainString() + " gold=" + g.toPlainString());
            }
            BigDecimal goldTotal = gold.entrySet().stream().filter(e -> e.getKey().endsWith("|" + DemoRun.CURRENCY))
                    .map(Map.Entry::getValue).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
            return new GoldCheck(run.state().dbName(), goldTotal, sourceTotal, keys.size(), matching, mismatches, (System.nanoTime() - started) / 1e9,
                    perDay);
        }
    }
}
