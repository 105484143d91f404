package com.wholesaleos.streaming.recommendations;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A keyed step that publishes one ranked list per key when it changed, at most every {@code intervalMs} of processing
 * time: a popular product's or region's figures change with nearly every order, and ranking and publishing each time
 * cost more than all the rest of the job. Changes in between are coalesced; the last one is always published.
 */
abstract class ListPublisher<K, IN> extends KeyedProcessFunction<K, IN, RankedList> {
    private final long intervalMs;
    private transient ValueState<String> published;
    private transient ValueState<Long> pending;

    ListPublisher(long intervalMs) { this.intervalMs = intervalMs; }

    @Override
    public void open(OpenContext context) throws Exception {
        published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", String.class));
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("publish-timer", Long.class));
    }

    /** The key's figures changed: its list is published within the interval. */
    final void changed(Context ctx) throws Exception {
        if (pending.value() != null) return;
        long at = ctx.timerService().currentProcessingTime() + intervalMs;
        ctx.timerService().registerProcessingTimeTimer(at);
        pending.update(at);
    }

    /** The key's list as it stands, or null if there is nothing to publish. */
    abstract RankedList current(K key) throws Exception;

    @Override
    public final void onTimer(long timestamp, OnTimerContext ctx, Collector<RankedList> out) throws Exception {
        pending.clear();
        RankedList l = current(ctx.getCurrentKey());
        if (l == null) return;
        String signature = RankedItem.signature(l.items);
        if (signature.equals(published.value())) return;
        published.update(signature);
        out.collect(l);
    }
}
