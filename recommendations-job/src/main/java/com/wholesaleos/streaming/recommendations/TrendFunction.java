package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.recommend.TimeDecay;
import com.wholesaleos.recommend.TrendDetector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.util.Collector;

/** Keyed by category and region: orders per product and day; publishes the trending list when it changed, at most every interval. */
final class TrendFunction extends ListPublisher<String, TrendCount> {
    private final TrendDetector.Windows windows;
    private final int size;
    private transient ValueState<TrendDetector> detector;

    TrendFunction(TrendDetector.Windows windows, int size, long intervalMs) {
        super(intervalMs);
        this.windows = windows;
        this.size = size;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        detector = getRuntimeContext().getState(new ValueStateDescriptor<>("trend", TrendDetector.class));
    }

    @Override
    public void processElement(TrendCount c, Context ctx, Collector<RankedList> out) throws Exception {
        TrendDetector d = detector.value();
        if (d == null) d = new TrendDetector();
        if (!d.add(c.productId, c.atMs, c.delta, windows)) return; // older than both windows: counts nowhere
        detector.update(d);
        changed(ctx);
    }

    @Override
    RankedList current(String categoryRegion) throws Exception {
        TrendDetector d = detector.value();
        if (d == null) return null;
        long category = Long.parseLong(categoryRegion.substring(0, categoryRegion.indexOf('|')));
        return RankedList.of(RankedList.CATEGORY_REGION, categoryRegion, d.trending(windows, category, size).stream().map(RankedItem::of).toList(),
                d.latestDay * TimeDecay.DAY_MS, 0);
    }
}
