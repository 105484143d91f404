package com.wholesaleos.platform.cli;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.history.HistoryPlan;
import com.wholesaleos.marketplace.history.HistorySimulator;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Write realistic marketplace activity into the running platform's PostgreSQL, through JDBC transactions.")
final class SimulateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--phase", defaultValue = "mvp", description = "Growth phase sizing the marketplace: mvp, phase1 .. phase4 (default ${DEFAULT-VALUE}).")
    String phase;

    @Option(names = "--rate", defaultValue = "50", description = "Orders per second; 0 = as fast as possible (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--orders", defaultValue = "0", description = "Stop after this many orders (0 = no limit).")
    long orders;

    @Option(names = "--duration", description = "Stop after this long, e.g. 30s, 5m, PT1H.")
    String duration;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed: the same seed on a fresh database gives the same data.")
    long seed;

    @Option(names = "--fraud", description = "Inject labelled fraud scenarios and look-alikes among normal traffic, on a business clock that runs "
            + "weeks of commerce in minutes; ground truth goes to simulation.fraud_labels (never captured, never read by the fraud job).")
    boolean fraud;

    @Option(names = "--history", paramLabel = "MONTHS", converter = HistoryMonths.class,
            description = "Instead of live traffic, write MONTHS of backdated business history in bulk (e.g. 3m, 18m: the company "
                    + "launched that long ago), ending a day ago (before live GMV's horizon: today is live traffic's), along the growth "
                    + "plan's network size and GMV; --seed applies. With --phase, the last MONTHS of that phase instead (--phase phase4 "
                    + "--history 12m: Phase 4's year, plan months 24-36), the network that joined before them there at their start.")
    Integer historyMonths;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Months of history: a whole number followed by m, e.g. 3m or 18m. */
    static final class HistoryMonths implements CommandLine.ITypeConverter<Integer> {
        private static final Pattern MONTHS = Pattern.compile("(\\d{1,3})m");

        @Override
        public Integer convert(String text) {
            Matcher m = MONTHS.matcher(text.trim().toLowerCase());
            int months = m.matches() ? Integer.parseInt(m.group(1)) : 0;
            if (months < 1 || months > HistoryPlan.MAX_MONTHS) {
                throw new CommandLine.TypeConversionException("expected months as e.g. 3m or 18m (1m to " + HistoryPlan.MAX_MONTHS
                        + "m), got '" + text + "'");
            }
            return months;
        }
    }

    static Duration parseDuration(String text) {
        if (text == null) return null;
        String t = text.trim().toLowerCase();
        try {
            if (t.startsWith("pt")) return Duration.parse(t.toUpperCase());
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid --duration '" + text + "': use e.g. 30s, 5m, 1h or PT90S");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (historyMonths != null) return history();
        if (rate < 0) throw new IllegalArgumentException("--rate must be >= 0");
        if (orders < 0) throw new IllegalArgumentException("--orders must be >= 0");
        var config = options.client();
        var plan = new MarketplaceSimulator.Plan(GrowthPhase.parse(phase), rate, orders, parseDuration(duration), seed, fraud)
                .withConnections(config.get(com.wholesaleos.config.WosSettings.SIMULATOR_CONNECTIONS));
        MarketplaceDatabase db = MarketplaceDatabase.from(config);
        db.migrate();
        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                main.join(5_000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }));
        Progress progress = new Progress();
        var result = new MarketplaceSimulator(db, plan).run(p -> progress.update(p.line()), stop::get);
        progress.done();
        System.out.printf("simulated %,d orders in %,d transactions (%.1f s)%n", result.ordersPlaced(), result.transactions(), result.elapsedSeconds());
        return 0;
    }

    /**
     * Backdated history in bulk, ending an hour before live GMV's horizon, so the live job takes all of it as history
     * (reported on wos.gmv.history) and today belongs to live traffic; the live options do not apply to it.
     */
    private int history() throws Exception {
        for (String live : List.of("--rate", "--orders", "--duration", "--fraud")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(live)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--history cannot be combined with " + live);
            }
        }
        Integer endMonth = null;
        if (spec.commandLine().getParseResult().hasMatchedOption("--phase")) {
            GrowthPhase growthPhase = GrowthPhase.parse(phase);
            if (historyMonths > growthPhase.planMonth) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--history " + historyMonths + "m reaches before the launch: "
                        + phase + " ends at plan month " + growthPhase.planMonth + "; give at most " + growthPhase.planMonth + "m");
            }
            endMonth = growthPhase.planMonth;
        }
        var config = options.client();
        MarketplaceDatabase db = MarketplaceDatabase.from(config);
        db.migrate();
        Progress progress = new Progress();
        Instant end = Instant.now().minusMillis(config.get(com.wholesaleos.config.WosSettings.GMV_LIVE_HORIZON_MS)).minus(Duration.ofHours(1));
        HistoryPlan plan = endMonth == null ? new HistoryPlan(historyMonths, seed, end) : HistoryPlan.window(historyMonths, endMonth, seed, end);
        var result = new HistorySimulator(db, plan).run(progress::update);
        progress.done();
        System.out.printf("history: %d months, %,d orders (%,d lines), %,d retailers, %,d manufacturers, %,d distributors, "
                        + "%,d products, %,d refunds, %,d reviews, %,d referrals, GMV %s USD in %.1f s (%,.0f orders/s)%n",
                historyMonths, result.orders(), result.lines(), result.retailers(), result.manufacturers(), result.distributors(),
                result.products(), result.refunds(), result.reviews(), result.referrals(), result.gmv().toPlainString(),
                result.elapsedSeconds(), result.ordersPerSecond());
        return 0;
    }
}
