package com.wholesaleos.console.http;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.console.health.HealthMetrics;
import com.wholesaleos.observability.health.PlatformStatus;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engineers' area: the platform's status exactly as {@code wos status --json} reports it (the same code), as a page
 * and as Prometheus metrics at /metrics. Measured at most every few seconds however many browsers and scrapers ask.
 */
public final class HealthRoutes implements ConsoleServer.Area {
    private static final Duration REUSE = Duration.ofSeconds(3);
    private final WosConfig config;
    private Map<String, Object> last;
    private long measuredAt;

    public HealthRoutes(WosConfig config) { this.config = config; }

    @Override
    public List<ConsoleServer.Route> routes() {
        return List.of(
                new ConsoleServer.Route("GET", "/health", ctx -> ConsoleServer.page(ctx, "health", "Platform health", Map.of())),
                new ConsoleServer.Route("GET", "/api/health", ctx -> ctx.json(status())),
                new ConsoleServer.Route("GET", "/metrics", this::metrics));
    }

    /** What wos status --json says, or {@code state: not_running} with why when no launcher runs on the data directory. */
    synchronized Map<String, Object> status() throws Exception {
        if (last != null && System.nanoTime() - measuredAt < REUSE.toNanos()) return last;
        var launcher = PlatformStatus.launcher(config.dataDir());
        Map<String, Object> status;
        if (launcher.isEmpty() || !PlatformStatus.alive(launcher.get())) {
            status = new LinkedHashMap<>();
            status.put("state", "not_running");
            status.put("data_dir", config.dataDir().toString());
            status.put("message", "no launcher runs on " + config.dataDir() + " (the console runs outside wos up)");
            status.put("healthy", false);
        } else {
            status = PlatformStatus.measure(launcher.get(), config);
        }
        last = status;
        measuredAt = System.nanoTime();
        return status;
    }

    private void metrics(Context ctx) throws Exception {
        ctx.contentType(HealthMetrics.CONTENT_TYPE).result(HealthMetrics.render(status()));
    }
}
