package com.wholesaleos.console.http;

import com.wholesaleos.console.leadership.GmvSeries;
import com.wholesaleos.console.leadership.LiveGmvBoard;
import com.wholesaleos.console.leadership.WarehouseFigures;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Leadership's area: live GMV today (pushed), GMV by minute/hour/day with filters, and the warehouse's trend, cohorts,
 * repeat purchase, activation and milestones through Trino. Every figure is an aggregate: no retailer, no person.
 */
public final class LeadershipRoutes implements ConsoleServer.Area, AutoCloseable {
    private final Supplier<Optional<LiveGmvBoard>> board;
    private final WarehouseFigures warehouse;
    private final LivePush push;

    public LeadershipRoutes(Supplier<Optional<LiveGmvBoard>> board, WarehouseFigures warehouse, long pushIntervalMs) {
        this.board = board;
        this.warehouse = warehouse;
        this.push = new LivePush("gmv", this::today, pushIntervalMs);
    }

    @Override
    public List<ConsoleServer.Route> routes() {
        return List.of(
                new ConsoleServer.Route("GET", "/leadership", ctx -> ConsoleServer.page(ctx, "leadership", "Leadership", Map.of())),
                new ConsoleServer.Route("GET", "/api/leadership/today", ctx -> ctx.json(today())),
                new ConsoleServer.Route("GET", "/api/leadership/gmv", this::gmv),
                new ConsoleServer.Route("GET", "/api/leadership/filters", ctx -> ctx.json(live().choices())),
                new ConsoleServer.Route("GET", "/api/leadership/warehouse", this::warehouse),
                new ConsoleServer.Route("GET", "/api/leadership/milestones", ctx -> ctx.json(warehouse.milestones())));
    }

    @Override
    public Map<String, Consumer<SseClient>> streams() { return Map.of("/events/gmv", push.client()); }

    private LiveGmvBoard live() {
        return board.get().orElseThrow(() -> new ConsoleServer.Refusal(503, "live GMV is not readable yet (is Kafka up?)"));
    }

    /** Today's live GMV per currency (the tile), with amounts as exact decimal strings. */
    private Map<String, Object> today() {
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<LiveGmvBoard> b = board.get();
        out.put("available", b.isPresent());
        List<Map<String, Object>> totals = new ArrayList<>();
        b.ifPresent(live -> live.today().forEach(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("day", t.day());
            m.put("currency", t.currency());
            m.put("gmv", t.gmv().toPlainString());
            m.put("entries", t.entries());
            m.put("last_commit", t.lastCommit().toString());
            totals.add(m);
        }));
        out.put("totals", totals);
        return out;
    }

    private void gmv(Context ctx) {
        LiveGmvBoard live = live();
        GmvSeries.Grain grain = GmvSeries.Grain.parse(ctx.queryParam("grain"));
        String currency = Optional.ofNullable(ctx.queryParam("currency")).filter(s -> !s.isBlank())
                .orElseGet(() -> live.today().stream().map(LiveGmvBoard.Today::currency).findFirst().orElse("USD"));
        GmvSeries.Filter filter = new GmvSeries.Filter(currency, id(ctx, "region"), id(ctx, "category"),
                Optional.ofNullable(ctx.queryParam("segment")).filter(s -> !s.isBlank()));
        List<List<Object>> points = new ArrayList<>();
        for (Map.Entry<Long, BigDecimal> e : live.series(grain, filter).entrySet()) points.add(List.of(e.getKey(), e.getValue()));
        ctx.json(Map.of("grain", grain.name().toLowerCase(), "currency", currency, "points", points));
    }

    private static Optional<Long> id(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return Optional.empty();
        try {
            return Optional.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + v + "'");
        }
    }

    private void warehouse(Context ctx) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gmv_trend", warehouse.gmvTrend(365));
        out.put("cohorts", warehouse.cohorts(12));
        out.put("repeat_purchase", warehouse.repeatPurchase(12));
        out.put("activation", warehouse.activation(12));
        ctx.json(out);
    }

    @Override
    public void close() { push.close(); }
}
