package com.wholesaleos.platform.cli;

import com.wholesaleos.platform.gmv.GmvChart;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.schemas.gmv.GmvDayTotal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gmv", mixinStandardHelpOptions = true, description = "Print the current live GMV: today's total (UTC) and the last minutes as a chart.")
final class GmvCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Option(names = "--minutes", defaultValue = "15", description = "How many minutes up to now to show (default ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--currency", defaultValue = "USD", description = "Currency (default ${DEFAULT-VALUE}).")
    String currency;

    @Override
    public Integer call() {
        if (minutes < 0) throw new IllegalArgumentException("--minutes must be >= 0");
        java.io.PrintWriter out = spec.commandLine().getOut();
        try (LiveGmvView view = new LiveGmvView(options.client().kafkaBootstrap())) {
            view.catchUp();
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            GmvDayTotal day = view.dayTotals().get(today + "|" + currency);
            BigDecimal todayTotal = day == null ? BigDecimal.ZERO.setScale(2) : day.getGmv();
            TreeMap<Long, BigDecimal> curve = view.perMinute(currency);
            // The N minutes up to now (quiet minutes show as zero), not up to the newest data.
            long thisMinute = System.currentTimeMillis() / 60_000L * 60_000L;
            Map<Long, BigDecimal> recent = new TreeMap<>();
            for (long m = thisMinute - (minutes - 1) * 60_000L; minutes > 0 && m <= thisMinute; m += 60_000L) {
                recent.put(m, curve.getOrDefault(m, BigDecimal.ZERO.setScale(2)));
            }
            if (json) {
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                var body = mapper.createObjectNode().put("day", today).put("currency", currency).put("gmv_today", todayTotal.toPlainString());
                var list = body.putArray("minutes");
                for (var e : recent.entrySet()) {
                    list.addObject().put("start", Instant.ofEpochMilli(e.getKey()).toString()).put("gmv", e.getValue().toPlainString());
                }
                out.println(body.toString()); // Jackson renders the tree
            } else {
                out.printf("Live GMV %s (UTC day %s): %s%n", currency, today, todayTotal.toPlainString());
                if (day != null) out.printf("  last change committed at %s%n", Instant.ofEpochMilli(day.getLastCommitTimeMs()));
                out.print(GmvChart.bars(recent, 50));
            }
            out.flush();
            return 0;
        }
    }
}
