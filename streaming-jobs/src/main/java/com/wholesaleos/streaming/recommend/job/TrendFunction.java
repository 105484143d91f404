package com.wholesaleos.streaming.recommend.job;

import com.wholesaleos.streaming.recommend.TrendDetector;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Keyed by category and region: orders per product and day; publishes the trending list whenever it changes. */
final class TrendFunction extends KeyedProcessFunction<String, TrendCount, RankedList> {
    private final TrendDetector.Windows windows;
    private final int size;
    private transient ValueState<TrendDetector> detector;
    private transient ValueState<String> published;

    TrendFunction(TrendDetector.Windows windows, int size) {
        this.windows = windows;
        this.size = size;
    }

    @Override
    public void open(OpenContext context) {
        detector = getRuntimeContext().getState(new ValueStateDescriptor<>("trend", TrendDetector.class));
        published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", String.class));
    }

    @Override
    public void processElement(TrendCount c, Context ctx, Collector<RankedList> out) throws Exception {
        TrendDetector d = detector.value();
        if (d == null) d = new TrendDetector();
        if (!d.add(c.productId, c.atMs, c.delta, windows)) return; // older than both windows: counts nowhere
        detector.update(d);
        List<RankedItem> items = d.trending(windows, c.categoryId, size).stream().map(RankedItem::of).toList();
        String signature = RankedItem.signature(items);
        if (signature.equals(published.value())) return;
        published.update(signature);
        RankedList l = RankedList.of(RankedList.CATEGORY_REGION, ctx.getCurrentKey(), items, d.latestDay * com.wholesaleos.streaming.recommend.TimeDecay.DAY_MS,
                System.currentTimeMillis());
        l.regionId = c.regionId;
        out.collect(l);
    }
}
