package com.wholesaleos.platform.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.platform.launcher.Platform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each running Flink job's checkpoints as its REST API reports them: how many completed, the size of its whole state,
 * what the latest checkpoint wrote (all of it on the heap backend; what changed on RocksDB's incremental one) and how
 * long checkpoints take end to end.
 */
final class FlinkCheckpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FlinkCheckpoints() {}

    static Map<String, Map<String, Object>> of(Platform platform) {
        WosConfig config = platform.config();
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (StageDeclaration job : WosStages.ALL) {
            if (!job.isFlinkJob() || !platform.enabled(job)) continue;
            try {
                String rest = Platform.restUrl(config, job);
                String id = get(rest + "/jobs").path("jobs").path(0).path("id").asText();
                JsonNode c = get(rest + "/jobs/" + id + "/checkpoints");
                JsonNode latest = c.path("latest").path("completed");
                JsonNode duration = c.path("summary").path("end_to_end_duration");
                Map<String, Object> m = new LinkedHashMap<>();
                String every = config.get(WosSettings.FLINK_STATE_BACKEND);
                m.put("state_backend", every.equals("per-stage") ? config.get(job.stateBackend().orElseThrow()) : every);
                m.put("completed", c.path("counts").path("completed").asLong());
                m.put("state_mb", mb(latest.path("state_size").asLong()));
                m.put("checkpointed_mb", mb(latest.path("checkpointed_size").asLong()));
                m.put("duration_ms_avg", duration.path("avg").asLong());
                m.put("duration_ms_max", duration.path("max").asLong());
                out.put(job.name(), m);
            } catch (Exception e) {
                out.put(job.name(), Map.of("error", e.toString()));
            }
        }
        return out;
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static double mb(long bytes) { return Math.round(bytes / 10_000.0) / 100.0; }
}
