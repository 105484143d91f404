package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.platform.launcher.Platform;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Commit-to-alert latency of the fraud job at a sustained simulator rate, with live GMV (and every other stage)
 * running beside it on the same machine: the simulator injects labelled scenarios; every alert published during the
 * run counts, from the commit of the change that raised it to its append on wos.fraud.alerts.
 */
public final class FraudBenchmark implements PlatformBenchmark {
    private final WosConfig requested;
    private final double rate;
    private final Duration duration;
    private final Consumer<String> out;

    public FraudBenchmark(WosConfig requested, double rate, Duration duration, Consumer<String> out) {
        this.requested = requested;
        this.rate = rate;
        this.duration = duration;
        this.out = out;
    }

    @Override
    public Map<String, Object> run() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "fraud-latency");
        figures.put("machine_cores", Runtime.getRuntime().availableProcessors());
        figures.put("rate_orders_per_second", rate);
        try (Platform platform = Platform.start(requested, out)) {
            platform.awaitReady();
            WosConfig config = platform.config();
            figures.put("stages", String.join(",", platform.stages().stream().map(s -> s.declaration().name()).toList()));
            MarketplaceDatabase db = MarketplaceDatabase.from(config);
            try (LiveGmvView view = new LiveGmvView(config.kafkaBootstrap())) {
                view.catchUp();
                view.measureFreshness();
                view.startFollowing();
                Map<Integer, Long> from = FraudEvaluation.alertTopicEnd(config.kafkaBootstrap());
                long start = System.currentTimeMillis();
                var result = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, rate, 0, duration, 5, true))
                        .run(p -> out.accept("fraud bench: " + p.line()), () -> false);
                figures.put("orders", result.ordersPlaced());
                figures.put("orders_per_second_achieved", Math.round(result.ordersPlaced() / result.elapsedSeconds() * 10) / 10.0);
                DemoRun.awaitJobCaughtUp(config, WosStages.FRAUD_SIGNALS, out);
                view.stopFollowing();
                FraudEvaluation.Result fraud = FraudEvaluation.run(db, config.kafkaBootstrap(), 0, from);
                figures.put("alert_records", fraud.latencies());
                figures.put("alert_latency_ms_p50", fraud.latencyP50Ms());
                figures.put("alert_latency_ms_p99", fraud.latencyP99Ms());
                figures.put("alert_latency_ms_max", LiveGmvView.percentile(fraud.latencySamples(), 100));
                figures.put("rules_at_bar", fraud.passes());
                var fresh = view.freshnessSamples(start + DemoRun.WARM_UP_MS, Long.MAX_VALUE);
                figures.put("gmv_freshness_ms_p50", LiveGmvView.percentile(fresh, 50));
                figures.put("gmv_freshness_ms_p99", LiveGmvView.percentile(fresh, 99));
            }
        }
        BenchResults.save("fraud", figures, out);
        return figures;
    }
}
