package com.wholesaleos.platform.cli;

import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.platform.devtools.DemoJson;
import com.wholesaleos.platform.devtools.DemoPhases;
import com.wholesaleos.platform.devtools.DemoRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start everything embedded in a fresh temp data directory, simulate N orders, wait until live GMV has caught up, "
                + "print a summary and stop. Exits 0 only if live GMV equals GMV computed by SQL over PostgreSQL.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--orders", required = true, description = "Orders to simulate.")
    long orders;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "50", description = "Orders per second; 0 = unthrottled (default ${DEFAULT-VALUE}; one simulator connection sustains about 50 here, each order being 4 fsync-ed transactions).")
    double rate;

    @Option(names = "--phase", defaultValue = "mvp", description = "Growth phase (default ${DEFAULT-VALUE}).")
    String phase;

    @Option(names = "--json", description = "Make the last line of stdout one JSON object.")
    boolean json;

    @Option(names = "--fraud", description = "Inject labelled fraud scenarios and look-alikes (on a business clock that runs weeks in minutes) and "
            + "measure every fraud rule against the labels: exits non-zero unless each reaches precision and recall >= 0.9.")
    boolean fraud;

    @Option(names = "--recommendations", description = "Give the recommendation feeds an offline test: simulate three quarters of the orders, "
            + "take the feeds served then, simulate the rest, and score the feeds on each retailer's next order against global popularity and "
            + "each retailer's own most-bought products: exits non-zero unless the feeds' hit-rate@10 is at least 1.5x popularity's and at least "
            + "personal top's.")
    boolean recommendations;

    @Option(names = "--history", paramLabel = "MONTHS", converter = SimulateCommand.HistoryMonths.class,
            description = "First write MONTHS of backdated history in bulk (e.g. 3m), ending before live GMV's horizon; then the live orders. "
                    + "The JSON compares every day's gold GMV with SQL (per_day) and today's live GMV.")
    Integer historyMonths;

    @Override
    public Integer call() throws Exception {
        if (orders <= 0) throw new IllegalArgumentException("--orders must be > 0");
        if (rate < 0) throw new IllegalArgumentException("--rate must be >= 0");
        GrowthPhase growthPhase = GrowthPhase.parse(phase);
        Path dir = Files.createTempDirectory("wos-demo-");
        Progress progress = new Progress();
        try {
            var overrides = fraud ? DemoRun.forFraudScenarios(DemoRun.isolated(dir)) : DemoRun.isolated(dir);
            DemoRun.Report report;
            try {
                report = DemoRun.run(options.load(overrides), orders, rate, seed, growthPhase, fraud, recommendations, historyMonths == null ? 0 : historyMonths,
                        Progress::info, progress::update);
            } catch (DemoPhases.Failed failed) {
                // A script reading the last line still gets one JSON object: match false, and the step that failed.
                progress.done();
                System.err.println("error: demo failed in phase " + failed.phase() + ": " + failed.getCause().getMessage());
                if (json) System.out.println(DemoJson.MAPPER.writeValueAsString(failed.json()));
                return 1;
            }
            progress.done();
            System.out.printf("orders simulated        %,d%n", report.orders());
            System.out.printf("change events captured  %,d   (dead letters: %d)%n", report.changeEvents(), report.deadLetters());
            System.out.printf("GMV by SQL (PostgreSQL) %s %s%n", report.gmvSource().toPlainString(), DemoRun.CURRENCY);
            System.out.printf("GMV live (Flink)        %s %s  %s%n", report.gmvLive().toPlainString(), DemoRun.CURRENCY,
                    report.matches() ? "= equal to the cent" : "!= MISMATCH");
            System.out.printf("minute windows equal    %d of %d%n", report.minuteWindowsMatching(), report.minuteWindows());
            var gold = report.gold();
            System.out.printf("GMV gold (Iceberg mart) %s %s  %s (%d of %d days equal; warehouse_hourly %s in %.0f s)%n",
                    gold.gmvGold() == null ? "-" : gold.gmvGold().toPlainString(), DemoRun.CURRENCY, gold.matches() ? "= equal to the cent" : "!= MISMATCH",
                    gold.daysMatching(), gold.days(), gold.runState(), gold.seconds());
            for (String m : gold.mismatches()) System.out.println("  differs: " + m);
            var trino = report.trino();
            System.out.printf("GMV through Trino       %s %s  %s (today from the live database: %s; federated view in %.1f s)%n",
                    trino.gmvTrino() == null ? "-" : trino.gmvTrino().toPlainString(), DemoRun.CURRENCY, trino.matches() ? "= equal to the cent" : "!= MISMATCH",
                    trino.gmvTrinoToday() == null ? "-" : trino.gmvTrinoToday().toPlainString(), trino.seconds());
            if (trino.problem() != null) System.out.println("  trino: " + trino.problem());
            System.out.printf("freshness commit->live  p50 %d ms, p99 %d ms (steady state; first %d s of warm-up: max %d ms)%n",
                    report.freshnessP50(), report.freshnessP99(), DemoRun.WARM_UP_MS / 1000, report.warmUpFreshnessMax());
            if (report.fraud() != null) {
                var f = report.fraud();
                System.out.printf("fraud alerts            %d on %d labelled entities; commit->alert p50 %d ms, p99 %d ms%n", f.alerts(), f.labels(),
                        f.latencyP50Ms(), f.latencyP99Ms());
                System.out.printf("  %-17s %4s %4s %4s %9s %7s%n", "RULE", "TP", "FP", "FN", "PRECISION", "RECALL");
                for (var r : f.rules()) {
                    System.out.printf("  %-17s %4d %4d %4d %9.2f %7.2f  %s%n", r.rule(), r.truePositives(), r.falsePositives(), r.falseNegatives(),
                            r.precision(), r.recall(), (r.passes() ? "ok" : "BELOW 0.9")
                            + (r.missed().isEmpty() ? "" : "  missed " + r.missed())
                            + (r.unexpected().isEmpty() ? "" : "  unexpected " + r.unexpected().subList(0, Math.min(5, r.unexpected().size()))));
                    for (String u : r.unexpected().subList(0, Math.min(3, r.unexpected().size()))) {
                        System.out.printf("    %s: %s%n", u, f.evidence().get(r.rule() + "|" + u));
                    }
                }
            }
            if (report.recommendations() != null) {
                var r = report.recommendations();
                System.out.printf("recommendations         %d retailers' next orders; feeds served to %d%n", r.retailers(), r.feedsServed());
                System.out.printf("  %-17s %11s %8s%n", "LIST", "HIT-RATE@10", "NDCG@10");
                System.out.printf("  %-17s %11.3f %8.3f  %.2fx popularity %s%n", "feeds", r.feeds().hitRate(), r.feeds().ndcg(), r.liftOverPopularity(),
                        r.passes() ? "ok" : "BELOW THE BAR (1.5x popularity and >= personal top)");
                System.out.printf("  %-17s %11.3f %8.3f%n", "popularity", r.popularity().hitRate(), r.popularity().ndcg());
                System.out.printf("  %-17s %11.3f %8.3f%n", "personal top", r.personalTop().hitRate(), r.personalTop().ndcg());
                System.out.printf("  commit of an order -> its retailer's feed: p50 %d ms, p99 %d ms%n", r.orderToFeedP50Ms(), r.orderToFeedP99Ms());
            }
            System.out.printf("phases (s)              %s; simulator %.1f orders/s%n", DemoJson.MAPPER.writeValueAsString(DemoPhases.json(report.phases())), report.simulateOrdersPerS());
            if (json) System.out.println(DemoJson.MAPPER.writeValueAsString(report.json()));
            return report.passes() ? 0 : 1;
        } finally {
            DemoRun.deleteRecursively(dir);
        }
    }
}
