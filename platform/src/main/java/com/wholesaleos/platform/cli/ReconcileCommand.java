package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.platform.gmv.GmvReconciliation;
import com.wholesaleos.observability.gmv.LiveGmvView;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Live GMV against the reference SQL over the source database, per UTC day and per minute window, to the cent.",
                "Prints the windows that differ; exits 1 on any drift. Run it once the pipeline has caught up (wos status shows the lags)."})
final class ReconcileCommand implements Callable<Integer> {
    private static final int SHOWN = 20;

    @Mixin
    ConfigOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "Only this UTC day.")
    LocalDate day;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        WosConfig config = options.client();
        GmvReconciliation.Result r;
        try (LiveGmvView view = new LiveGmvView(config.kafkaBootstrap()); Connection c = MarketplaceDatabase.from(config).connect()) {
            view.catchUp();
            r = GmvReconciliation.run(c, view, day);
        }
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("match", r.clean());
            List<Map<String, Object>> days = new ArrayList<>();
            r.days().forEach((k, v) -> {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("day", k.split("\\|")[0]);
                d.put("currency", k.split("\\|")[1]);
                d.put("gmv_source", v[0].toPlainString());
                d.put("gmv_live", v[1].toPlainString());
                d.put("match", v[0].compareTo(v[1]) == 0);
                days.add(d);
            });
            j.put("days", days);
            j.put("minute_windows", r.minuteWindows());
            j.put("minute_windows_differing", r.minuteDifferences().size());
            j.put("differences", r.minuteDifferences().stream().limit(1000).map(d -> Map.of("window", d.key(),
                    "gmv_source", String.valueOf(d.source()), "gmv_live", String.valueOf(d.live()))).toList());
            out.println(new ObjectMapper().writeValueAsString(j));
        } else {
            out.printf("%-22s %22s %22s%n", "DAY | CURRENCY", "SQL OVER SOURCE", "LIVE GMV");
            r.days().forEach((k, v) -> out.printf("%-22s %22s %22s  %s%n", k.replace("|", " "), v[0].toPlainString(), v[1].toPlainString(),
                    v[0].compareTo(v[1]) == 0 ? "equal" : "DRIFT " + v[1].subtract(v[0]).toPlainString()));
            out.printf("minute windows: %d, differing: %d%n", r.minuteWindows(), r.minuteDifferences().size());
            r.minuteDifferences().stream().limit(SHOWN).forEach(d -> out.printf("  %s: SQL %s, live %s%n", d.key(), d.source(), d.live()));
            if (r.minuteDifferences().size() > SHOWN) out.printf("  ... and %d more (--json lists them)%n", r.minuteDifferences().size() - SHOWN);
            out.println(r.clean() ? "reconciled: live GMV equals SQL over the source" : "DRIFT: live GMV differs from SQL over the source");
        }
        out.flush();
        return r.clean() ? 0 : 1;
    }
}
