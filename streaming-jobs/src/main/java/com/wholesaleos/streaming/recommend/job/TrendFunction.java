package com.wholesaleos.streaming.recommend.job;

import com.wholesaleos.streaming.recommend.TrendDetector;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Keyed by category and region: orders per product and day; publishes the trending list when it changed, at most every {@code intervalMs}. */
final class TrendFunction extends KeyedProcessFunction<String, TrendCount, RankedList> {
    private final TrendDetector.Windows windows;
    private final int size;
    private final long intervalMs;
    private transient ValueState<TrendDetector> detector;
    private transient ValueState<String> published;
    private transient ValueState<Long> pending;
    private transient ValueState<Long> categoryRegion;

    TrendFunction(TrendDetector.Windows windows, int size, long intervalMs) {
        this.windows = windows;
        this.size = size;
        this.intervalMs = intervalMs;
    }

    @Override
    public void open(OpenContext context) {
        detector = getRuntimeContext().getState(new ValueStateDescriptor<>("trend", TrendDetector.class));
        published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", String.class));
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("publish-timer", Long.class));
        categoryRegion = getRuntimeContext().getState(new ValueStateDescriptor<>("region", Long.class));
    }

    @Override
    public void processElement(TrendCount c, Context ctx, Collector<RankedList> out) throws Exception {
        TrendDetector d = detector.value();
        if (d == null) d = new TrendDetector();
        if (!d.add(c.productId, c.atMs, c.delta, windows)) return; // older than both windows: counts nowhere
        detector.update(d);
        categoryRegion.update(c.regionId);
        if (pending.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + intervalMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            pending.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RankedList> out) throws Exception {
        pending.clear();
        TrendDetector d = detector.value();
        if (d == null) return;
        long category = Long.parseLong(ctx.getCurrentKey().substring(0, ctx.getCurrentKey().indexOf('|')));
        List<RankedItem> items = d.trending(windows, category, size).stream().map(RankedItem::of).toList();
        String signature = RankedItem.signature(items);
        if (signature.equals(published.value())) return;
        published.update(signature);
        RankedList l = RankedList.of(RankedList.CATEGORY_REGION, ctx.getCurrentKey(), items, d.latestDay * com.wholesaleos.streaming.recommend.TimeDecay.DAY_MS,
                System.currentTimeMillis());
        l.regionId = categoryRegion.value() == null ? 0 : categoryRegion.value();
        out.collect(l);
    }
}
