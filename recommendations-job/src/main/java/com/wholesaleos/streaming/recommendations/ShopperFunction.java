package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.recommend.CoPurchaseUpdate;
import com.wholesaleos.recommend.PurchaseHistory;
import com.wholesaleos.recommend.TimeDecay;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by retailer: its purchase history. Each basket (once per order) and each change of the retailer's status
 * yields its exact contribution to co-purchase figures and trend counts, and its profile for its feed. A suspended
 * (blocked) retailer withdraws everything it contributed and contributes nothing until it is active again.
 */
final class ShopperFunction extends KeyedProcessFunction<Long, ShopperFact, ShopperProfile> {
    static final OutputTag<CoPurchaseUpdate> CO_PURCHASE = new OutputTag<>("co-purchase", TypeInformation.of(CoPurchaseUpdate.class));
    static final OutputTag<TrendCount> TRENDS = new OutputTag<>("trend-counts", TypeInformation.of(TrendCount.class));

    private final TimeDecay decay;
    private final int maxProducts;
    private transient ValueState<PurchaseHistory> state;

    ShopperFunction(TimeDecay decay, int maxProducts) {
        this.decay = decay;
        this.maxProducts = maxProducts;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("history", PurchaseHistory.class));
    }

    @Override
    public void processElement(ShopperFact f, Context ctx, Collector<ShopperProfile> out) throws Exception {
        try {
            PurchaseHistory h = state.value();
            if (h == null) h = new PurchaseHistory();
            long retailer = ctx.getCurrentKey();
            if (ShopperFact.BASKET.equals(f.kind)) {
                if (h.seen(f.orderId)) return;
                List<CoPurchaseUpdate> updates = h.order(f.orderId, f.atMs, f.regionId, f.products, decay, maxProducts);
                updates.forEach(u -> ctx.output(CO_PURCHASE, u));
                if (!h.suspended) {
                    for (Map.Entry<Long, Long> p : new java.util.TreeMap<>(f.products).entrySet()) {
                        ctx.output(TRENDS, TrendCount.of(p.getValue(), f.regionId, p.getKey(), f.atMs, 1, f.commitMs));
                    }
                }
            } else if (ShopperFact.RETAILER.equals(f.kind)) {
                boolean suspend = "suspended".equals(f.status);
                if (h.regionId == 0) h.regionId = f.regionId;
                if (suspend != h.suspended) {
                    h.suspend(suspend, decay, f.atMs).forEach(u -> ctx.output(CO_PURCHASE, u));
                    // Its orders leave (or rejoin) the trend counts of the days they were placed on.
                    for (Map.Entry<Long, Long> p : new java.util.TreeMap<>(h.categories).entrySet()) {
                        for (long t : h.purchaseTimes(p.getKey())) {
                            ctx.output(TRENDS, TrendCount.of(p.getValue(), h.regionId, p.getKey(), t, suspend ? -1 : 1, f.commitMs));
                        }
                    }
                } else {
                    return;
                }
            } else {
                throw new IllegalArgumentException("the history step does not take " + f.kind + " facts");
            }
            state.update(h);
            ShopperProfile p = new ShopperProfile();
            p.retailerId = retailer;
            p.history = h;
            p.atMs = f.atMs;
            p.commitMs = f.commitMs;
            out.collect(p);
        } catch (Exception e) {
            ctx.output(RecommendationsJob.FAILED, f.failedIn(RecommendationsJob.STAGE, "histories", e));
        }
    }
}
