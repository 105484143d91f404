package com.wholesaleos.streaming.recommend.job;

import com.wholesaleos.streaming.recommend.FeedBlend;
import com.wholesaleos.streaming.recommend.PurchaseHistory;
import com.wholesaleos.streaming.recommend.Recommendation;
import com.wholesaleos.streaming.recommend.TimeDecay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by retailer, with what every feed draws on broadcast to it (also-bought and trending lists, product and
 * manufacturer status): computes the retailer's feed when its history changes, and again {@code refreshMs} after the
 * lists or the catalog changed, so a delisted product leaves every feed within that time. Publishes only changed feeds.
 *
 * <p>At rest (every change applied and the refresh passed) a feed depends only on the retailer's history and the final
 * lists, never on the order things arrived in: a job restored from a checkpoint converges to the same feeds.
 */
final class FeedFunction extends KeyedBroadcastProcessFunction<Long, ShopperProfile, CatalogUpdate, RankedList> {
    static final MapStateDescriptor<String, CatalogUpdate> LISTS =
            new MapStateDescriptor<>("reco-lists", Types.STRING, TypeInformation.of(CatalogUpdate.class));
    /** Product id → its latest status fact; manufacturer ids as "m<id>". */
    static final MapStateDescriptor<String, CatalogUpdate> CATALOG =
            new MapStateDescriptor<>("reco-catalog", Types.STRING, TypeInformation.of(CatalogUpdate.class));
    /** "now": the newest business time seen; "version": changes so far. */
    static final MapStateDescriptor<String, Long> CLOCK = new MapStateDescriptor<>("reco-clock", Types.STRING, Types.LONG);

    private final FeedBlend.Weights weights;
    private final TimeDecay decay;
    private final int size;
    private final int trendWindowDays;
    private final long refreshMs;
    private transient ValueState<PurchaseHistory> history;
    private transient ValueState<Long> computedAtVersion;
    private transient ValueState<Long> timer;
    private transient ValueState<String> published;
    private transient ValueState<Long> commitMs;

    FeedFunction(FeedBlend.Weights weights, TimeDecay decay, int size, int trendWindowDays, long refreshMs) {
        this.weights = weights;
        this.decay = decay;
        this.size = size;
        this.trendWindowDays = trendWindowDays;
        this.refreshMs = refreshMs;
    }

    @Override
    public void open(OpenContext context) {
        history = getRuntimeContext().getState(new ValueStateDescriptor<>("history", PurchaseHistory.class));
        computedAtVersion = getRuntimeContext().getState(new ValueStateDescriptor<>("computed-at-version", Long.class));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("refresh-timer", Long.class));
        published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", String.class));
        commitMs = getRuntimeContext().getState(new ValueStateDescriptor<>("source-commit-ms", Long.class));
    }

    @Override
    public void processElement(ShopperProfile p, ReadOnlyContext ctx, Collector<RankedList> out) throws Exception {
        history.update(p.history);
        commitMs.update(Math.max(p.commitMs, commitMs.value() == null ? 0 : commitMs.value()));
        compute(ctx.getCurrentKey(), ctx.getBroadcastState(LISTS), ctx.getBroadcastState(CATALOG), ctx.getBroadcastState(CLOCK), out);
        if (timer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + refreshMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            timer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RankedList> out) throws Exception {
        ReadOnlyBroadcastState<String, Long> clock = ctx.getBroadcastState(CLOCK);
        Long version = clock.get("version");
        if (version != null && !version.equals(computedAtVersion.value())) {
            compute(ctx.getCurrentKey(), ctx.getBroadcastState(LISTS), ctx.getBroadcastState(CATALOG), clock, out);
        }
        long at = timestamp + refreshMs;
        ctx.timerService().registerProcessingTimeTimer(at);
        timer.update(at);
    }

    @Override
    public void processBroadcastElement(CatalogUpdate u, Context ctx, Collector<RankedList> out) throws Exception {
        if (CatalogUpdate.LIST.equals(u.kind)) {
            ctx.getBroadcastState(LISTS).put(u.subject + ":" + u.key, u);
        } else {
            BroadcastState<String, CatalogUpdate> catalog = ctx.getBroadcastState(CATALOG);
            String key = CatalogUpdate.PRODUCT.equals(u.kind) ? Long.toString(u.productId) : "m" + u.manufacturerId;
            catalog.put(key, u);
        }
        BroadcastState<String, Long> clock = ctx.getBroadcastState(CLOCK);
        Long now = clock.get("now");
        if (CatalogUpdate.LIST.equals(u.kind) && (now == null || u.atMs > now)) clock.put("now", u.atMs);
        Long version = clock.get("version");
        clock.put("version", version == null ? 1 : version + 1);
    }

    private void compute(long retailer, ReadOnlyBroadcastState<String, CatalogUpdate> lists, ReadOnlyBroadcastState<String, CatalogUpdate> catalog,
                         ReadOnlyBroadcastState<String, Long> clock, Collector<RankedList> out) throws Exception {
        PurchaseHistory h = history.value();
        if (h == null) return;
        Long version = clock.get("version");
        computedAtVersion.update(version == null ? 0 : version);
        long now = Math.max(h.lastOrderMs(), clock.get("now") == null ? 0 : clock.get("now"));
        Map<Long, List<Recommendation>> alsoBought = new HashMap<>();
        for (Long p : h.times.keySet()) {
            CatalogUpdate l = lists.get(RankedList.PRODUCT + ":" + p);
            if (l != null) alsoBought.put(p, l.items.stream().map(RankedItem::recommendation).toList());
        }
        Map<Long, List<Recommendation>> trending = new HashMap<>();
        for (Long category : new java.util.TreeSet<>(h.categories.values())) {
            CatalogUpdate l = lists.get(RankedList.CATEGORY_REGION + ":" + category + "|" + h.regionId);
            // A list not recomputed for a whole window (no orders there since) is no longer trending.
            if (l != null && l.atMs > now - trendWindowDays * TimeDecay.DAY_MS) {
                trending.put(category, l.items.stream().map(RankedItem::recommendation).toList());
            }
        }
        List<Recommendation> feed = FeedBlend.feed(h, alsoBought, trending, product -> available(catalog, product), weights, decay, now, size);
        List<RankedItem> items = new ArrayList<>(feed.stream().map(RankedItem::of).toList());
        String signature = RankedItem.signature(items);
        if (signature.equals(published.value())) return;
        published.update(signature);
        RankedList l = RankedList.of(RankedList.RETAILER, Long.toString(retailer), items, now, commitMs.value() == null ? 0 : commitMs.value());
        l.regionId = h.regionId;
        out.collect(l);
    }

    /** Listed and its manufacturer not suspended; a product the job has not seen a row of yet counts as available. */
    private static boolean available(ReadOnlyBroadcastState<String, CatalogUpdate> catalog, long product) {
        try {
            CatalogUpdate p = catalog.get(Long.toString(product));
            if (p == null) return true;
            if (!"active".equals(p.status)) return false;
            CatalogUpdate m = catalog.get("m" + p.manufacturerId);
            return m == null || !"suspended".equals(m.status);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
