package com.wholesaleos.streaming.recommend.job;

import com.wholesaleos.streaming.recommend.CoPurchaseIndex;
import com.wholesaleos.streaming.recommend.CoPurchaseUpdate;
import com.wholesaleos.streaming.recommend.TimeDecay;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by product: its co-purchase figures; publishes its also-bought list when it changed, at most every
 * {@code intervalMs} (a popular product's figures change with nearly every order; ranking and publishing each time cost
 * more than all the rest of the job).
 */
final class CoPurchaseFunction extends KeyedProcessFunction<Long, CoPurchaseUpdate, RankedList> {
    private final TimeDecay decay;
    private final double minSupport;
    private final int size;
    private final long intervalMs;
    private transient ValueState<CoPurchaseIndex> index;
    private transient ValueState<String> published;
    private transient ValueState<Long> pending;

    CoPurchaseFunction(TimeDecay decay, double minSupport, int size, long intervalMs) {
        this.decay = decay;
        this.minSupport = minSupport;
        this.size = size;
        this.intervalMs = intervalMs;
    }

    @Override
    public void open(OpenContext context) {
        index = getRuntimeContext().getState(new ValueStateDescriptor<>("co-purchase", CoPurchaseIndex.class));
        published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", String.class));
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("publish-timer", Long.class));
    }

    @Override
    public void processElement(CoPurchaseUpdate u, Context ctx, Collector<RankedList> out) throws Exception {
        CoPurchaseIndex i = index.value();
        if (i == null) i = new CoPurchaseIndex();
        i.apply(u, decay);
        index.update(i);
        if (pending.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + intervalMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            pending.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RankedList> out) throws Exception {
        pending.clear();
        CoPurchaseIndex i = index.value();
        if (i == null) return;
        List<RankedItem> items = i.alsoBought(decay, minSupport, size).stream().map(RankedItem::of).toList();
        String signature = RankedItem.signature(items);
        if (signature.equals(published.value())) return;
        published.update(signature);
        out.collect(RankedList.of(RankedList.PRODUCT, Long.toString(ctx.getCurrentKey()), items, i.asOfMs, System.currentTimeMillis()));
    }
}
