package com.wholesaleos.platform.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.console.WebConsole;
import com.wholesaleos.console.access.Role;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.platform.launcher.Platform;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console as its users feel it, with the capture, the live GMV job and the console running: commit → the live GMV
 * tile's server-sent event (what a signed-in browser receives), while the simulator commits orders at a steady rate;
 * then each page's and API's latency, signed in as an admin. Printed and saved, never asserted.
 */
public final class ConsoleBenchmark implements PlatformBenchmark {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final List<String> ROUTES = List.of("/leadership", "/api/leadership/today", "/api/leadership/gmv?grain=minute",
            "/api/leadership/gmv?grain=hour", "/api/leadership/filters", "/risk", "/api/risk/alerts", "/health", "/api/health", "/metrics");
    private final WosConfig requested;
    private final double rate;
    private final Duration duration;
    private final int runs;
    private final Consumer<String> out;

    public ConsoleBenchmark(WosConfig requested, double rate, Duration duration, int runs, Consumer<String> out) {
        this.requested = requested;
        this.rate = rate;
        this.duration = duration;
        this.runs = runs;
        this.out = out;
    }

    @Override
    public Map<String, Object> run() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "console");
        figures.put("machine_cores", Runtime.getRuntime().availableProcessors());
        WosConfig config = requested.with(Map.of(WosSettings.STAGES_ENABLED.key(), "ingestion,live-gmv,console"));
        try (Platform platform = Platform.start(config, out)) {
            platform.awaitReady();
            MarketplaceDatabase db = MarketplaceDatabase.from(platform.config());
            String password = "benchmark password " + System.nanoTime();
            WebConsole.users(platform.config()).add("bench", Role.ADMIN, password.toCharArray(), true);
            String base = Platform.restUrl(platform.config(), WosStages.CONSOLE);
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1).build();
            signIn(http, base, "bench", password);

            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            ObjectMapper json = new ObjectMapper();
            // Javalin answers server-sent events only to a client that asks for them (as EventSource does).
            HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(URI.create(base + "/events/gmv")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (!line.startsWith("data:")) continue;
                        long received = System.currentTimeMillis();
                        for (JsonNode t : json.readTree(line.substring(5)).path("totals")) {
                            latencies.add(received - Instant.parse(t.path("last_commit").asText()).toEpochMilli());
                        }
                    }
                } catch (Exception e) {
                    out.accept("console bench: the event stream ended: " + e);
                }
            }, "console-bench-events");
            reader.setDaemon(true);
            reader.start();
            out.accept("console bench: orders at " + rate + "/s for " + duration.toSeconds() + " s, live GMV tile events measured");
            var sim = new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, rate, 0, duration, 1));
            Thread.sleep(1_000);
            latencies.clear();
            sim.run(p -> {}, () -> false);
            Thread.sleep(2_000);
            List<Long> tile = new ArrayList<>(latencies);
            figures.put("rate_orders_per_second", rate);
            figures.put("tile_events", tile.size());
            figures.put("commit_to_tile_event_ms_p50", LiveGmvView.percentile(tile, 50));
            figures.put("commit_to_tile_event_ms_p99", LiveGmvView.percentile(tile, 99));
            figures.put("commit_to_tile_event_ms_max", LiveGmvView.percentile(tile, 100));
            figures.put("push_interval_ms", platform.config().get(WosSettings.CONSOLE_PUSH_INTERVAL_MS));

            for (String route : ROUTES) {
                List<Long> nanos = new ArrayList<>();
                for (int i = 0; i < runs + 3; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + route)).build(), HttpResponse.BodyHandlers.ofString());
                    long took = System.nanoTime() - t0;
                    if (r.statusCode() != 200) throw new IllegalStateException(route + " answered " + r.statusCode() + ": " + r.body());
                    if (i >= 3) nanos.add(took / 1_000);
                }
                figures.put("ms_p50 " + route, LiveGmvView.percentile(nanos, 50) / 1000.0);
                figures.put("ms_p95 " + route, LiveGmvView.percentile(nanos, 95) / 1000.0);
            }
            figures.put("console_rss_mb", BenchResults.rssMb(platform.stage(WosStages.CONSOLE).process().pid()));
        }
        BenchResults.save("console", figures, out);
        return figures;
    }

    private static void signIn(HttpClient http, String base, String name, String password) throws Exception {
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CSRF.matcher(page);
        if (!m.find()) throw new IllegalStateException("no CSRF token on the sign-in page");
        String form = "_csrf=" + enc(m.group(1)) + "&name=" + enc(name) + "&password=" + enc(password);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 302) throw new IllegalStateException("cannot sign in to the console: " + r.statusCode());
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
