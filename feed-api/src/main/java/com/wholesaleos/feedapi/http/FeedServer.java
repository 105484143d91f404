package com.wholesaleos.feedapi.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wholesaleos.feedapi.keys.ApiKeys;
import com.wholesaleos.feedapi.store.FeedLists;
import com.wholesaleos.recommend.Recommendation;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import com.wholesaleos.feedapi.store.StoreHealth;
import java.util.function.Supplier;

/**
 * The Feed API's routes. Every /api route needs a storefront key in the {@code X-Api-Key} header (401 without a known
 * key, 403 for a revoked one); errors are JSON {@code {"error": "...", "message": "..."}}; the OpenAPI document at
 * /openapi.json describes exactly these routes.
 */
public final class FeedServer implements AutoCloseable {
    /** The routes, as the OpenAPI document names them. */
    public static final List<String> API_ROUTES = List.of("/api/v1/retailers/{id}/recommendations", "/api/v1/products/{id}/also-bought", "/api/v1/trending");
    public static final String KEY_HEADER = "X-Api-Key";
    static final int DEFAULT_LIMIT = 10;

    /** A request the API refuses, with its status and a message for the caller. */
    static final class ApiProblem extends RuntimeException {
        final int status;
        final String error;

        ApiProblem(int status, String error, String message) {
            super(message);
            this.status = status;
            this.error = error;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FeedLists store;
    private final Supplier<StoreHealth> health;
    private final long maxLagRecords;
    private final long maxStalenessMs;
    private final ApiKeys keys;
    private final int maxLimit;
    private final byte[] openApi;
    private Javalin app;

    /**
     * Serves {@code lists}; healthy while {@code health} says the store has loaded, follows its topics, and is no more
     * than {@code maxLagRecords} records or {@code maxStalenessMs} behind them.
     */
    public FeedServer(FeedLists lists, Supplier<StoreHealth> health, long maxLagRecords, long maxStalenessMs, ApiKeys keys, int maxLimit)
            throws IOException {
        this.store = lists;
        this.health = health;
        this.maxLagRecords = maxLagRecords;
        this.maxStalenessMs = maxStalenessMs;
        this.keys = keys;
        this.maxLimit = maxLimit;
        try (InputStream in = FeedServer.class.getResourceAsStream("/openapi.json")) {
            this.openApi = in.readAllBytes();
        }
    }

    public FeedServer start(String host, int port) {
        app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.routes.before("/api/*", this::authenticate);
            config.routes.get("/api/v1/retailers/{id}/recommendations", this::recommendations);
            config.routes.get("/api/v1/products/{id}/also-bought", this::alsoBought);
            config.routes.get("/api/v1/trending", this::trending);
            config.routes.get("/health", this::health);
            config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            config.routes.exception(ApiProblem.class, (e, ctx) -> problem(ctx, e.status, e.error, e.getMessage()));
        }).start();
        return this;
    }

    public int port() { return app.port(); }

    private void authenticate(Context ctx) {
        switch (keys.check(ctx.header(KEY_HEADER))) {
            case VALID -> { }
            case REVOKED -> throw new ApiProblem(403, "forbidden", "this API key was revoked");
            case UNKNOWN -> throw new ApiProblem(401, "unauthorized", "an API key is required in the " + KEY_HEADER + " header");
        }
    }

    private void recommendations(Context ctx) throws IOException {
        long id = id(ctx, "id", "retailer");
        int limit = limit(ctx);
        var feed = store.feed(id).orElseThrow(() -> new ApiProblem(404, "not_found", "no feed for retailer " + id + " (unknown, or no orders yet)"));
        ObjectNode out = JSON.createObjectNode();
        out.put("retailer_id", id);
        out.put("computed_at", Instant.now().toString());
        out.put("as_of", Instant.ofEpochMilli(feed.asOfMs()).toString());
        items(out.putArray("items"), feed.items(), limit);
        send(ctx, out);
    }

    private void alsoBought(Context ctx) throws IOException {
        long id = id(ctx, "id", "product");
        int limit = limit(ctx);
        FeedLists.ServedList list = store.alsoBought(id).orElseThrow(() -> new ApiProblem(404, "not_found", "no also-bought list for product " + id));
        ObjectNode out = JSON.createObjectNode();
        out.put("product_id", id);
        out.put("computed_at", Instant.ofEpochMilli(list.computedAtMs()).toString());
        out.put("as_of", Instant.ofEpochMilli(list.asOfMs()).toString());
        items(out.putArray("items"), list.items(), limit);
        send(ctx, out);
    }

    private void trending(Context ctx) throws IOException {
        Long category = optionalId(ctx, "category");
        Long region = optionalId(ctx, "region");
        int limit = limit(ctx);
        List<FeedLists.ServedList> lists = store.trending(category, region);
        List<Recommendation> merged = new ArrayList<>();
        long computed = 0;
        long asOf = 0;
        for (FeedLists.ServedList l : lists) {
            merged.addAll(l.items());
            computed = Math.max(computed, l.computedAtMs());
            asOf = Math.max(asOf, l.asOfMs());
        }
        merged.sort(Recommendation.BEST_FIRST);
        ObjectNode out = JSON.createObjectNode();
        if (category != null) out.put("category_id", category);
        if (region != null) out.put("region_id", region);
        out.put("computed_at", computed == 0 ? null : Instant.ofEpochMilli(computed).toString());
        out.put("as_of", asOf == 0 ? null : Instant.ofEpochMilli(asOf).toString());
        items(out.putArray("items"), merged, limit);
        send(ctx, out);
    }

    private void health(Context ctx) throws IOException {
        StoreHealth h = health.get();
        String status = h.status(maxLagRecords, maxStalenessMs);
        ObjectNode out = JSON.createObjectNode();
        out.put("status", status);
        out.put("store_lag_records", h.lagRecords());
        out.put("store_age_ms", h.ageMs());
        if (h.failure() != null) out.put("failure", h.failure());
        store.counts().forEach(out::put);
        ctx.status(status.equals("ok") ? 200 : 503);
        send(ctx, out);
    }

    private static void items(ArrayNode array, List<Recommendation> items, int limit) {
        for (Recommendation r : items.subList(0, Math.min(limit, items.size()))) {
            array.addObject().put("product_id", r.productId()).put("category_id", r.categoryId()).put("score", r.score()).put("reason", r.reason())
                    .put("detail", r.detail());
        }
    }

    private int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null) return Math.min(DEFAULT_LIMIT, maxLimit);
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= maxLimit) return limit;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiProblem(400, "bad_request", "limit must be an integer from 1 to " + maxLimit + ", not '" + text + "'");
    }

    private static long id(Context ctx, String param, String what) {
        String text = ctx.pathParam(param);
        try {
            long id = Long.parseLong(text);
            if (id > 0) return id;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiProblem(400, "bad_request", what + " id must be a positive integer, not '" + text + "'");
    }

    private static Long optionalId(Context ctx, String param) {
        String text = ctx.queryParam(param);
        if (text == null || text.isEmpty()) return null;
        try {
            long id = Long.parseLong(text);
            if (id > 0) return id;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiProblem(400, "bad_request", param + " must be a positive integer id, not '" + text + "'");
    }

    private static void problem(Context ctx, int status, String error, String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("error", error);
        out.put("message", message);
        ctx.status(status);
        try {
            send(ctx, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void send(Context ctx, ObjectNode body) throws IOException {
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(body));
    }

    @Override
    public void close() {
        if (app != null) app.stop();
    }
}
