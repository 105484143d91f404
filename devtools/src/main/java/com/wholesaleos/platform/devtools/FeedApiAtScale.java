package com.wholesaleos.platform.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.feedapi.http.FeedServer;
import com.wholesaleos.feedapi.keys.ApiKeys;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.platform.launcher.Platform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The running feed API stage holding Phase 4's 100,000 retailers: {@link SyntheticStore}'s profiles and lists published
 * on their topics (as the recommendations job would, for retailers 1..feeds), the time until the stage serves them all,
 * its latency at fixed request rates ({@link OpenLoopLoad}: random retailers' feeds, each blended at request time, as a
 * storefront asks), its memory, and the time it takes to rebuild its store from the topics after a crash (killed,
 * restarted by the launcher's supervision, healthy again).
 */
final class FeedApiAtScale {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENDERS = 64;

    private FeedApiAtScale() {}

    static Map<String, Object> measure(Platform platform, MarketplaceDatabase db, int feeds, double[] rates, Duration each, Consumer<String> out)
            throws Exception {
        WosConfig config = platform.config();
        Map<String, Object> figures = new LinkedHashMap<>();
        String base = Platform.restUrl(config, WosStages.FEED_API);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

        long t0 = System.nanoTime();
        publish(config, feeds, out);
        awaitServing(http, base, feeds, out);
        figures.put("feeds", feeds);
        figures.put("publish_and_apply_s", seconds(t0));

        String key = new ApiKeys(db).add("bench-" + System.currentTimeMillis(), "wos bench");
        Thread.sleep(2 * config.get(WosSettings.FEED_KEY_REFRESH_MS)); // until the stage has read the new key
        java.util.function.LongFunction<HttpRequest> request = k -> HttpRequest.newBuilder(URI.create(base + "/api/v1/retailers/"
                + (1 + Math.floorMod(k * 2_654_435_761L, feeds)) + "/recommendations?limit=10")).header(FeedServer.KEY_HEADER, key).build();
        out.accept("bench: feed API warm-up, 5 s at 500 requests/s");
        OpenLoopLoad.run(http, request, 500, Duration.ofSeconds(5), SENDERS);
        for (double rate : rates) {
            out.accept(String.format("bench: feed API at %,.0f requests/s for %d s with %,d feeds", rate, each.toSeconds(), feeds));
            figures.put("at_" + Math.round(rate) + "_rps", OpenLoopLoad.run(http, request, rate, each, SENDERS));
        }
        long pid = platform.stage(WosStages.FEED_API).process().pid();
        figures.put("rss_mb", BenchResults.rssMb(pid));
        figures.put("peak_rss_mb", BenchResults.peakRssMb(pid));
        figures.put("heap", config.get(WosStages.FEED_API.heap()));

        out.accept("bench: feed API killed; timing its restart until it serves every feed again");
        long killed = System.nanoTime();
        platform.stage(WosStages.FEED_API).process().kill();
        awaitServing(http, base, feeds, out);
        figures.put("rebuild_after_crash_s", seconds(killed));
        return figures;
    }

    private static void publish(WosConfig config, int feeds, Consumer<String> out) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        SyntheticStore synthetic = new SyntheticStore(11, feeds, config.get(WosSettings.RECO_LIST_SIZE));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            long[] sent = {0};
            synthetic.records(r -> {
                producer.send(new ProducerRecord<>(r.topic().topic(), r.keyBytes(), r.value()));
                if (++sent[0] % 40_000 == 0) out.accept(String.format("bench: published %,d of %,d profiles and lists", sent[0], synthetic.recordCount()));
            });
            producer.flush();
        }
    }

    /** Until /health answers 200 with at least {@code feeds} retailers' profiles in the store. */
    private static void awaitServing(HttpClient http, String base, int feeds, Consumer<String> out) throws Exception {
        long deadline = System.currentTimeMillis() + 600_000;
        long lastPrint = 0;
        String last = "no answer";
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode health = JSON.readTree(r.body());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && health.path("profiles").asLong() >= feeds) return;
            } catch (java.io.IOException e) {
                last = e.toString(); // restarting
            }
            if (System.currentTimeMillis() - lastPrint > 5_000) {
                lastPrint = System.currentTimeMillis();
                out.accept("bench: waiting for the feed API to serve " + feeds + " feeds: " + last);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the feed API did not serve " + feeds + " feeds within 10 minutes: " + last);
    }

    private static double seconds(long fromNanos) { return Math.round((System.nanoTime() - fromNanos) / 1e8) / 10.0; }
}
