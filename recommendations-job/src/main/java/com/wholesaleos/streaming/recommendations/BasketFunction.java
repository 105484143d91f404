package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.streaming.cdc.RejectedRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by order: joins an order's header and lines, in whichever order they arrive, into one BASKET once its lines
 * add up to its total; once only (later status changes of the order are not new purchases).
 */
final class BasketFunction extends KeyedProcessFunction<Long, ShopperFact, ShopperFact> {
    public static class State {
        public boolean emitted;
        public boolean hasHeader;
        public long retailerId;
        public long regionId;
        public long placedAtMs;
        public long commitMs;
        public BigDecimal total;
        /** Line number → the line. */
        public HashMap<Integer, ShopperFact> lines = new HashMap<>();
    }

    private final long ttlMs;
    private transient ValueState<State> state;

    BasketFunction(long ttlMs) { this.ttlMs = ttlMs; }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<State> d = new ValueStateDescriptor<>("basket", State.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(ttlMs)).build());
        state = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(ShopperFact f, Context ctx, Collector<ShopperFact> out) throws Exception {
        try {
            State s = state.value();
            if (s == null) s = new State();
            if (s.emitted) return;
            if (ShopperFact.ORDER.equals(f.kind)) {
                s.hasHeader = true;
                s.retailerId = f.retailerId;
                s.regionId = f.regionId;
                s.placedAtMs = f.atMs;
                s.total = f.amount;
                s.commitMs = Math.max(s.commitMs, f.commitMs);
            } else {
                s.lines.put(f.lineNo, f);
                s.commitMs = Math.max(s.commitMs, f.commitMs);
            }
            if (s.hasHeader && !s.lines.isEmpty()) {
                BigDecimal sum = s.lines.values().stream().map(l -> l.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
                if (sum.compareTo(s.total) == 0) {
                    ShopperFact b = ShopperFact.of(ShopperFact.BASKET, f.lsn, s.placedAtMs, s.commitMs);
                    b.orderId = ctx.getCurrentKey();
                    b.retailerId = s.retailerId;
                    b.regionId = s.regionId;
                    b.lines = s.lines.size();
                    b.products = new HashMap<>();
                    for (ShopperFact l : s.lines.values()) b.products.put(l.productId, l.categoryId);
                    out.collect(b);
                    s = new State();
                    s.emitted = true;
                }
            }
            state.update(s);
        } catch (Exception e) {
            ctx.output(RecommendationsJob.FAILED, f.failedIn(RecommendationsJob.STAGE, "baskets", e));
        }
    }
}
