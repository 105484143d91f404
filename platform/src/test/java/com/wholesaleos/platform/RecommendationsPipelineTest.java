package com.wholesaleos.platform;

import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.feedapi.http.FeedServer;
import com.wholesaleos.feedapi.keys.ApiKeys;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.risk.RiskActions;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.platform.devtools.DemoRun;
import com.wholesaleos.platform.devtools.RecommendationEvaluation;
import com.wholesaleos.platform.launcher.Platform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recommendations through real stages: capture, the recommendations job and the Feed API in their own JVMs, on the
 * simulator's buying habits. The feeds the API served before held-out orders were committed must beat popularity and
 * personal top on those orders; the API keeps its contract; a delisted product leaves every feed and a blocked
 * retailer's feed empties. The job killed (SIGKILL) while held-out orders flow and restored from its checkpoint ends with
 * exactly the feeds a run from scratch over the same topics computes, and the API restarted serves the same.
 */
class RecommendationsPipelineTest {
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Platform platform;
    private static Path dataDir;
    private static MarketplaceDatabase db;
    private static String api;
    private static String key;
    private static RecommendationEvaluation.Result evaluation;
    private static Map<Long, List<String>> feedsAfterKill;
    private static Map<Long, List<String>> feedsFromScratch;
    private static Map<Long, String> apiBefore = new HashMap<>();
    private static Map<Long, String> apiAfter = new HashMap<>();
    private static String restoredLog;
    private static Map<String, String> overrides;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("wos-reco-it-");
        overrides = new HashMap<>(DemoRun.isolated(dataDir));
        // Fixed ports: the platform is started three times on the same data directory.
        overrides.put(WosSettings.POSTGRES_PORT.key(), String.valueOf(com.wholesaleos.platform.launcher.Ports.free()));
        overrides.put(WosSettings.KAFKA_BOOTSTRAP.key(), "127.0.0.1:" + com.wholesaleos.platform.launcher.Ports.free());
        overrides.put(WosSettings.KAFKA_CONTROLLER_PORT.key(), String.valueOf(com.wholesaleos.platform.launcher.Ports.free()));
        overrides.put(WosStages.FEED_API.restPort().orElseThrow().key(), String.valueOf(com.wholesaleos.platform.launcher.Ports.free()));
        overrides.put(WosSettings.STAGES_ENABLED.key(), "ingestion,recommendations,feed-api");
        overrides.put(WosSettings.RECO_LIST_INTERVAL_MS.key(), "500");
        overrides.put(WosSettings.RECO_CHECKPOINT_MS.key(), "1000");
        platform = Platform.start(WosConfig.load(null, Map.of(), overrides), m -> System.out.println("[platform] " + m));
        platform.awaitReady();
        db = MarketplaceDatabase.from(platform.config());
        api = Platform.restUrl(platform.config(), WosStages.FEED_API);
        key = new ApiKeys(db).add("storefront-test", "test");

        // Training orders, then the feeds the API serves, then the held-out orders they are judged on.
        new MarketplaceSimulator(db, DemoRun.plan(GrowthPhase.MVP, 0, 3_000, 5, false, true)).run(p -> {}, () -> false);
        settle();
        long lastTrainingOrder = RecommendationEvaluation.lastOrderId(db);
        Map<Long, List<Long>> served = new HashMap<>();
        for (long retailer : retailersWithOrders()) {
            HttpResponse<String> r = get("/api/v1/retailers/" + retailer + "/recommendations?limit=" + RecommendationEvaluation.K, key);
            if (r.statusCode() == 404) continue;
            assertEquals(200, r.statusCode(), r.body());
            List<Long> products = new ArrayList<>();
            JSON.readTree(r.body()).get("items").forEach(i -> products.add(i.get("product_id").asLong()));
            served.put(retailer, products);
        }
        // The held-out orders flow at 100/s while the job is killed: it must resume from its checkpoint, losing and repeating nothing.
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread simulator = new Thread(() -> {
            try {
                new MarketplaceSimulator(db, DemoRun.plan(GrowthPhase.MVP, 100, 1_000, 5, false, true)).run(p -> {}, () -> false);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        int restarts = platform.restarts(WosStages.RECOMMENDATIONS);
        simulator.start();
        awaitTrue(() -> count("SELECT count(*) FROM orders WHERE id > " + lastTrainingOrder) > 300, "held-out orders flow");
        platform.stage(WosStages.RECOMMENDATIONS).process().kill();
        simulator.join();
        assertEquals(null, failure.get());
        awaitTrue(() -> platform.restarts(WosStages.RECOMMENDATIONS) > restarts, "the supervisor restarted the job");
        platform.awaitReady();
        evaluation = RecommendationEvaluation.evaluate(db, lastTrainingOrder, served);
        settle();
        restoredLog = Files.readString(platform.stage(WosStages.RECOMMENDATIONS).process().log());
        feedsAfterKill = latestFeeds(Map.of());
        List<Long> sample = retailersWithOrders().subList(0, 40);
        for (long r : sample) apiBefore.put(r, itemsOf(get("/api/v1/retailers/" + r + "/recommendations?limit=20", key).body()));

        // The reference: the same job from scratch (no checkpoint, no committed offsets) over the same topics.
        platform.close();
        Map<String, String> withoutJob = new HashMap<>(overrides);
        withoutJob.put(WosSettings.STAGES_ENABLED.key(), "ingestion");
        Map<String, Map<Integer, Long>> storeEnd;
        try (Platform p = Platform.start(WosConfig.load(null, Map.of(), withoutJob), m -> System.out.println("[platform] " + m))) {
            p.awaitReady();
            Properties props = new Properties();
            props.put("bootstrap.servers", p.config().kafkaBootstrap());
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
                admin.deleteConsumerGroups(List.of(WosStages.RECOMMENDATIONS.consumerGroup())).all().get();
            }
            DemoRun.deleteRecursively(WosStages.RECOMMENDATIONS.checkpointRoot(p.config().dataDir()));
            storeEnd = RecommendationEvaluation.storeTopicEnds(p.config().kafkaBootstrap());
        }
        platform = Platform.start(WosConfig.load(null, Map.of(), overrides), m -> System.out.println("[platform] " + m));
        platform.awaitReady();
        settle();
        feedsFromScratch = latestFeeds(storeEnd);
        for (long r : sample) apiAfter.put(r, itemsOf(get("/api/v1/retailers/" + r + "/recommendations?limit=20", key).body()));
    }

    /** Each retailer's feed blended from the profiles and lists published from the given offsets on (the beginning where absent). */
    private static Map<Long, List<String>> latestFeeds(Map<String, Map<Integer, Long>> from) {
        Map<Long, List<String>> out = new java.util.TreeMap<>();
        RecommendationEvaluation.blendedFeeds(platform.config(), from)
                .forEach((r, f) -> out.put(r, f.stream().map(i -> i.productId() + ":" + i.score() + ":" + i.reason()).toList()));
        return out;
    }

    private static String itemsOf(String body) throws Exception {
        List<String> items = new ArrayList<>();
        JSON.readTree(body).get("items").forEach(i -> items.add(i.get("product_id").asLong() + ":" + i.get("score").asDouble() + ":" + i.get("reason").asText()));
        return items.toString();
    }

    private static long count(String sql) {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
        DemoRun.deleteRecursively(dataDir);
    }

    private static void settle() throws Exception {
        DemoRun.awaitJobCaughtUp(platform.config(), WosStages.RECOMMENDATIONS, m -> {});
        DemoRun.awaitFeedsSettled(platform.config(), m -> {});
    }

    @Test
    void feedsTheApiServedBeforeTheHeldOutOrdersBeatPopularityAndPersonalTop() {
        assertTrue(evaluation.retailers() > 300, evaluation.json().toString());
        assertEquals(evaluation.retailers(), evaluation.feedsServed(), "every retailer with a training order has a feed: " + evaluation.json());
        assertTrue(evaluation.passes(), evaluation.json().toString());
    }

    @Test
    void theJobKilledMidStreamEndsWithTheFeedsARunFromScratchComputesAndTheApiRestartedServesThem() {
        assertTrue(restoredLog.contains("from checkpoint"), "the killed job restored its checkpoint (not a start from scratch):\n" + restoredLog);
        assertTrue(feedsAfterKill.size() > 400, "feeds: " + feedsAfterKill.size());
        assertEquals(feedsAfterKill.keySet(), feedsFromScratch.keySet(), "the same retailers have feeds");
        for (Long r : feedsAfterKill.keySet()) assertEquals(feedsAfterKill.get(r), feedsFromScratch.get(r), "retailer " + r + "'s feed");
        assertEquals(apiBefore, apiAfter, "the API restarted serves the same feeds");
    }

    @Test
    void theApiKeepsItsContract() throws Exception {
        long retailer = retailersWithOrders().get(0);
        String feedPath = "/api/v1/retailers/" + retailer + "/recommendations";
        assertEquals(401, get(feedPath, null).statusCode());
        HttpResponse<String> unknown = get(feedPath, "wos_not-a-key");
        assertEquals(401, unknown.statusCode());
        assertEquals("unauthorized", JSON.readTree(unknown.body()).get("error").asText());
        ApiKeys keys = new ApiKeys(db);
        String revoked = keys.add("revoked-" + System.nanoTime(), "test");
        awaitTrue(() -> status(feedPath, revoked) == 200, "a new key is accepted within the refresh");
        keys.revoke(keys.list().stream().filter(k -> k.name().startsWith("revoked-")).findFirst().orElseThrow().name());
        awaitTrue(() -> status(feedPath, revoked) == 403, "a revoked key is refused with 403");

        HttpResponse<String> ok = get(feedPath + "?limit=3", key);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode feed = JSON.readTree(ok.body());
        assertEquals(retailer, feed.get("retailer_id").asLong());
        assertTrue(feed.get("items").size() > 0 && feed.get("items").size() <= 3, ok.body());
        for (JsonNode i : feed.get("items")) {
            for (String field : List.of("product_id", "category_id", "score", "reason", "detail")) assertTrue(i.has(field), field + " in " + i);
        }
        assertTrue(feed.hasNonNull("computed_at") && feed.hasNonNull("as_of"), ok.body());

        HttpResponse<String> notFound = get("/api/v1/retailers/99999999/recommendations", key);
        assertEquals(404, notFound.statusCode());
        assertEquals("not_found", JSON.readTree(notFound.body()).get("error").asText());
        for (String bad : List.of(feedPath + "?limit=0", feedPath + "?limit=abc", feedPath + "?limit=1000", "/api/v1/retailers/abc/recommendations",
                "/api/v1/trending?category=x", "/api/v1/products/-1/also-bought")) {
            HttpResponse<String> r = get(bad, key);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(JSON.readTree(r.body()).get("message").asText().length() > 10, r.body());
        }
        long product = feed.get("items").get(0).get("product_id").asLong();
        int alsoBought = status("/api/v1/products/" + product + "/also-bought", key);
        assertTrue(alsoBought == 200 || alsoBought == 404, "also-bought answers for a product: " + alsoBought);
        assertEquals(200, status("/api/v1/trending", key));
        assertEquals(200, status("/api/v1/trending?category=1&region=1&limit=5", key));
        assertEquals(200, status("/health", null));

        JsonNode openApi = JSON.readTree(get("/openapi.json", null).body());
        TreeSet<String> documented = new TreeSet<>();
        openApi.get("paths").fieldNames().forEachRemaining(documented::add);
        TreeSet<String> routes = new TreeSet<>(FeedServer.API_ROUTES);
        routes.add("/health");
        routes.add("/openapi.json");
        assertEquals(routes, documented, "the OpenAPI document describes exactly the routes served");
    }

    @Test
    void aDelistedProductLeavesEveryFeed() throws Exception {
        Map<Long, List<Long>> feeds = RecommendationEvaluation.servedFeeds(platform.config());
        Map<Long, Integer> appearances = new HashMap<>();
        feeds.values().forEach(f -> f.forEach(p -> appearances.merge(p, 1, Integer::sum)));
        long product = appearances.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertTrue(appearances.get(product) > 5, "a product many feeds show");
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("UPDATE products SET status = 'delisted', updated_at = now() WHERE id = ?")) {
            ps.setLong(1, product);
            assertEquals(1, ps.executeUpdate());
        }
        awaitTrue(() -> RecommendationEvaluation.servedFeeds(platform.config()).values().stream().noneMatch(f -> f.contains(product)),
                "product " + product + " left every feed");
        for (Map.Entry<Long, List<Long>> f : feeds.entrySet()) {
            if (!f.getValue().contains(product)) continue;
            String body = get("/api/v1/retailers/" + f.getKey() + "/recommendations?limit=20", key).body();
            assertTrue(!body.contains("\"product_id\":" + product + ","), "the API serves it no more to retailer " + f.getKey() + ": " + body);
        }
    }

    @Test
    void aBlockedRetailersFeedEmpties() throws Exception {
        long retailer = retailersWithOrders().get(1);
        assertTrue(JSON.readTree(get("/api/v1/retailers/" + retailer + "/recommendations", key).body()).get("items").size() > 0);
        new RiskActions(db).blockRetailer(retailer, "test", "recommendation test");
        awaitTrue(() -> {
            try {
                return JSON.readTree(get("/api/v1/retailers/" + retailer + "/recommendations", key).body()).get("items").isEmpty();
            } catch (Exception e) {
                return false;
            }
        }, "the blocked retailer's feed is empty");
    }

    private static List<Long> retailersWithOrders() throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT DISTINCT retailer_id FROM orders ORDER BY retailer_id")) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    private static HttpResponse<String> get(String path, String apiKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10));
        if (apiKey != null) b.header(FeedServer.KEY_HEADER, apiKey);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String path, String apiKey) {
        try {
            return get(path, apiKey).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
    }
}
