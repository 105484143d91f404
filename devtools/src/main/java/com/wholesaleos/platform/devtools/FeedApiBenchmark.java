package com.wholesaleos.platform.devtools;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.feedapi.http.FeedServer;
import com.wholesaleos.feedapi.keys.ApiKeys;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.platform.launcher.Platform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Feed API under load on loopback, with the capture, the recommendations job and the API running: closed-loop
 * clients (each sends its next request when the last is answered) ask for random retailers' feeds; latency is measured
 * by the clients, on the same two cores as everything else. Printed and saved, never asserted.
 */
public final class FeedApiBenchmark implements PlatformBenchmark {
    private final WosConfig requested;
    private final long orders;
    private final Duration duration;
    private final int clients;
    private final Consumer<String> out;

    public FeedApiBenchmark(WosConfig requested, long orders, Duration duration, int clients, Consumer<String> out) {
        this.requested = requested;
        this.orders = orders;
        this.duration = duration;
        this.clients = clients;
        this.out = out;
    }

    @Override
    public Map<String, Object> run() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "feed-api");
        figures.put("machine_cores", Runtime.getRuntime().availableProcessors());
        WosConfig config = requested.with(Map.of(WosSettings.STAGES_ENABLED.key(), "ingestion,recommendations,feed-api"));
        try (Platform platform = Platform.start(config, out)) {
            platform.awaitReady();
            MarketplaceDatabase db = MarketplaceDatabase.from(platform.config());
            new MarketplaceSimulator(db, DemoRun.plan(GrowthPhase.MVP, 0, orders, 1, false, true)).run(p -> out.accept("feed-api bench: " + p.line()), () -> false);
            DemoRun.awaitJobCaughtUp(platform.config(), WosStages.RECOMMENDATIONS, out);
            DemoRun.awaitFeedsSettled(platform.config(), out);
            long[] retailers = RecommendationEvaluation.servedFeeds(platform.config()).keySet().stream().mapToLong(Long::longValue).toArray();
            String key = new ApiKeys(db).add("bench-" + System.currentTimeMillis(), "wos bench");
            String base = Platform.restUrl(platform.config(), WosStages.FEED_API);
            Thread.sleep(2 * platform.config().get(WosSettings.FEED_KEY_REFRESH_MS));
            figures.put("orders", orders);
            figures.put("feeds", retailers.length);
            figures.put("clients", clients);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            out.accept("feed-api bench: warming up for 5 s");
            load(http, base, key, retailers, Duration.ofSeconds(5));
            out.accept("feed-api bench: " + clients + " clients for " + duration.toSeconds() + " s");
            Result r = load(http, base, key, retailers, duration);
            long[] all = r.latenciesNanos();
            Arrays.sort(all);
            figures.put("requests", all.length);
            figures.put("errors", r.errors());
            figures.put("seconds", round(r.seconds()));
            figures.put("requests_per_second", Math.round(all.length / r.seconds()));
            figures.put("latency_ms_p50", round(OpenLoopLoad.percentile(all, 50) / 1e6));
            figures.put("latency_ms_p90", round(OpenLoopLoad.percentile(all, 90) / 1e6));
            figures.put("latency_ms_p99", round(OpenLoopLoad.percentile(all, 99) / 1e6));
            figures.put("latency_ms_max", round(all.length == 0 ? 0 : all[all.length - 1] / 1e6));
            figures.put("api_rss_mb", BenchResults.rssMb(platform.stage(WosStages.FEED_API).process().pid()));
        }
        // Phase 4's 100,000 retailers each with a feed: the store's heap, in this JVM once the platform is gone (its garbage
        // would have slowed the clients above).
        figures.put("store_at_100k_retailers", FeedStoreFootprint.measure(100_000, requested.get(WosSettings.RECO_LIST_SIZE),
                com.wholesaleos.feedapi.store.FeedLists.settings(requested)));
        BenchResults.save("feed-api", figures, out);
        return figures;
    }

    record Result(long[] latenciesNanos, long errors, double seconds) {}

    private Result load(HttpClient http, String base, String key, long[] retailers, Duration length) throws InterruptedException {
        List<long[]> perClient = new ArrayList<>();
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] latencies = new long[1 << 20];
            perClient.add(latencies);
            int me = c;
            Thread t = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end && counts[me] < latencies.length) {
                    long retailer = retailers[random.nextInt(retailers.length)];
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/retailers/" + retailer + "/recommendations?limit=10"))
                            .header(FeedServer.KEY_HEADER, key).build();
                    long s = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) errors.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[counts[me]++] = System.nanoTime() - s;
                }
            }, "feed-api-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        return new Result(all, errors.get(), seconds);
    }

    private static double round(double v) { return Math.round(v * 100) / 100.0; }
}
