package com.wholesaleos.console.http;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.console.health.HealthMetrics;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.observability.health.PlatformHealth;
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
        if (launcher.isPresent() && PlatformStatus.alive(launcher.get())) {
            status = PlatformStatus.measure(launcher.get(), config);
        } else if (!config.get(WosSettings.KAFKA_EMBEDDED) && !config.get(WosSettings.POSTGRES_EMBEDDED)) {
            // On external PostgreSQL and Kafka (a cluster, docker-compose.yml) no launcher supervises the stages: the
            // pipeline's own figures still say how it is doing.
            status = new LinkedHashMap<>();
            status.put("state", "no_launcher");
            status.put("message", "stages run outside wos up here (a cluster): their states come from its orchestrator");
            status.put("stages", java.util.List.of());
            status.putAll(new PlatformHealth(config).measure());
            status.put("healthy", false);
        } else {
            status = new LinkedHashMap<>();
            status.put("state", "not_running");
            status.put("data_dir", config.dataDir().toString());
            status.put("message", "no launcher runs on " + config.dataDir() + " (start the platform with ./wos up)");
            status.put("healthy", false);
        }
        last = status;
        measuredAt = System.nanoTime();
        return status;
    }

    private void metrics(Context ctx) throws Exception {
        ctx.contentType(HealthMetrics.CONTENT_TYPE).result(HealthMetrics.render(status()));
    }
}
