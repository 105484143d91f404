package com.wholesaleos.feedapi.http;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.feedapi.keys.ApiKeys;
import com.wholesaleos.feedapi.store.FeedLists;
import com.wholesaleos.feedapi.store.StoreHealth;
import com.wholesaleos.recommend.FeedBlend;
import com.wholesaleos.recommend.FeedComposer;
import com.wholesaleos.recommend.TimeDecay;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.reco.FeedItem;
import com.wholesaleos.schemas.reco.ProductList;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Feed API's routes over HTTP, with API keys on a real PostgreSQL and lists as the topics would make them. */
class FeedServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedPostgres postgres;
    private static ApiKeys keys;
    private static FeedLists lists;
    private static final java.util.concurrent.atomic.AtomicReference<StoreHealth> health =
            new java.util.concurrent.atomic.AtomicReference<>(new StoreHealth(true, true, 0, 0, null));
    private static FeedServer server;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        MarketplaceDatabase db = new MarketplaceDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        db.migrate();
        keys = new ApiKeys(db);
        key = keys.add("storefront", "test");
        keys.refresh();
        lists = new FeedLists(new FeedComposer.Settings(FeedBlend.Weights.parse("buy-again=1.0,also-stocked=0.3,trending=0.2"), new TimeDecay(60), 20, 7));
        // Retailer 7 bought product 11, which is stocked with twelve others: its feed blends them.
        lists.apply(PlatformTopic.RECO_PROFILES.topic(), "7".getBytes(StandardCharsets.UTF_8), com.wholesaleos.feedapi.store.FeedListsTest.profile(7, false, 11));
        lists.apply(PlatformTopic.RECO_ALSO_BOUGHT.topic(), "11".getBytes(StandardCharsets.UTF_8), bytes(ProductList.newBuilder().setSubject("product")
                .setKey("11").setItems(items(12)).setAsOfMs(1_000).setComputedAtMs(2_000).build().toByteBuffer()));
        server = new FeedServer(lists, health::get, 1_000, 60_000, keys, 20).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (postgres != null) postgres.close();
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static List<FeedItem> items(int n) {
        List<FeedItem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new FeedItem(100L + i, 3L, 1.0 - i * 0.01, "reorder", ""));
        return out;
    }

    static HttpResponse<String> get(String path, String apiKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (apiKey != null) b.header(FeedServer.KEY_HEADER, apiKey);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode body(HttpResponse<String> r) throws Exception {
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return JSON.readTree(r.body());
    }

    @Test
    void aRetailersFeedIsServedToAKnownKeyUpToTheDefaultLimit() throws Exception {
        HttpResponse<String> r = get("/api/v1/retailers/7/recommendations", key);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode feed = body(r);
        assertEquals(7, feed.get("retailer_id").asLong());
        assertEquals(FeedServer.DEFAULT_LIMIT, feed.get("items").size());
        assertEquals(11, feed.get("items").get(0).get("product_id").asLong(), "buy again first: " + feed);
        assertEquals(100, feed.get("items").get(1).get("product_id").asLong(), "then the best also stocked: " + feed);
        assertEquals("also-stocked", feed.get("items").get(1).get("reason").asText());
        assertEquals(3, body(get("/api/v1/retailers/7/recommendations?limit=3", key)).get("items").size());
        HttpResponse<byte[]> gzipped = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/retailers/7/recommendations?limit=20"))
                .header(FeedServer.KEY_HEADER, key).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""), "a client that accepts gzip gets it");
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
            assertEquals(13, JSON.readTree(in).get("items").size(), "buy again and the twelve also stocked");
        }
        assertEquals(FeedServer.DEFAULT_LIMIT, body(get("/api/v1/products/11/also-bought", key)).get("items").size());
    }

    @Test
    void withoutAKnownKeyItIs401() throws Exception {
        HttpResponse<String> none = get("/api/v1/retailers/7/recommendations", null);
        assertEquals(401, none.statusCode());
        assertEquals("unauthorized", body(none).get("error").asText());
        assertEquals(401, get("/api/v1/retailers/7/recommendations", "wos_not-a-key").statusCode());
    }

    @Test
    void aRevokedKeyIsRefusedAsRevokedAfterTheNextRefresh() throws Exception {
        String soon = keys.add("soon-revoked", "test");
        keys.refresh();
        assertEquals(200, get("/api/v1/retailers/7/recommendations", soon).statusCode());
        assertTrue(keys.revoke("soon-revoked"));
        keys.refresh();
        HttpResponse<String> r = get("/api/v1/retailers/7/recommendations", soon);
        assertEquals(403, r.statusCode());
        assertEquals("forbidden", body(r).get("error").asText());
    }

    @Test
    void badIdsAndLimitsAre400AndUnknownOnes404() throws Exception {
        for (String path : List.of("/api/v1/retailers/abc/recommendations", "/api/v1/retailers/0/recommendations",
                "/api/v1/retailers/7/recommendations?limit=0", "/api/v1/retailers/7/recommendations?limit=21", "/api/v1/trending?region=x")) {
            HttpResponse<String> r = get(path, key);
            assertEquals(400, r.statusCode(), path);
            assertEquals("bad_request", body(r).get("error").asText(), path);
        }
        HttpResponse<String> unknown = get("/api/v1/retailers/8/recommendations", key);
        assertEquals(404, unknown.statusCode());
        assertEquals("not_found", body(unknown).get("error").asText());
        assertEquals(404, get("/api/v1/products/99/also-bought", key).statusCode());
    }

    @Test
    void healthIs503WhileTheStoreLoadsFallsBehindOrStopsFollowingAndTheOpenApiDocumentNamesEveryRoute() throws Exception {
        Map<String, StoreHealth> unhealthy = Map.of(
                "loading", new StoreHealth(false, true, 5_000, 0, null),
                "behind", new StoreHealth(true, true, 1_001, 0, null),
                "stopped", new StoreHealth(true, false, 0, 3_000, "org.apache.kafka.common.KafkaException: boom"));
        try {
            for (Map.Entry<String, StoreHealth> e : unhealthy.entrySet()) {
                health.set(e.getValue());
                HttpResponse<String> r = get("/health", null);
                assertEquals(503, r.statusCode(), e.getKey());
                assertEquals(e.getKey(), body(r).get("status").asText());
                assertEquals(e.getValue().lagRecords(), body(r).get("store_lag_records").asLong());
            }
            health.set(new StoreHealth(true, true, 0, 60_001, null));
            assertEquals("behind", body(get("/health", null)).get("status").asText(), "not caught up for longer than the staleness bound");
        } finally {
            health.set(new StoreHealth(true, true, 0, 0, null));
        }
        HttpResponse<String> ok = get("/health", null);
        assertEquals(200, ok.statusCode());
        assertEquals(0, body(ok).get("store_age_ms").asLong());
        assertEquals(1, body(ok).get("profiles").asLong());
        JsonNode openApi = body(get("/openapi.json", null));
        for (String route : FeedServer.API_ROUTES) assertTrue(openApi.get("paths").has(route), route);
    }
}
