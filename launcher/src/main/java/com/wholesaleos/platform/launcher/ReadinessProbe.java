package com.wholesaleos.platform.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.warehouse.trino.TrinoEndpoint;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.Readiness;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Checks a stage's declared readiness once; never blocks longer than a short timeout. */
final class ReadinessProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WosConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ReadinessProbe(WosConfig config) { this.config = config; }

    boolean ready(StageDeclaration stage) {
        Readiness r = stage.readiness();
        if (r instanceof Readiness.ReplicationSlotActive) return slotActive();
        if (r instanceof Readiness.FlinkJobRunning f) return flinkJobRunning(stage, f.jobName());
        if (r instanceof Readiness.HttpOk h) return httpOk(stage, h.path());
        if (r instanceof Readiness.TrinoStarted) return trinoStarted(stage);
        return true; // ProcessAlive: the supervisor already saw the process alive
    }

    private boolean slotActive() {
        try (Connection c = MarketplaceDatabase.from(config).connect();
             PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, config.get(WosSettings.CDC_SLOT));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private boolean httpOk(StageDeclaration stage, String path) {
        try {
            URI uri = URI.create(Platform.restUrl(config, stage) + path);
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean trinoStarted(StageDeclaration stage) {
        try {
            URI uri = URI.create(Platform.restUrl(config, stage) + "/v1/info");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && !JSON.readTree(r.body()).path("starting").asBoolean(true) && TrinoEndpoint.acceptsQueries(config);
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean flinkJobRunning(StageDeclaration stage, String job) {
        URI uri = URI.create(Platform.restUrl(config, stage) + "/jobs/overview");
        try {
            String body = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (var j : JSON.readTree(body).path("jobs")) {
                if (job.equals(j.path("name").asText()) && "RUNNING".equals(j.path("state").asText())) return true;
            }
            return false;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
