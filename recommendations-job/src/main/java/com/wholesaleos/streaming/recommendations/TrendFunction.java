package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.recommend.DailyCounts;
import com.wholesaleos.recommend.Recommendation;
import com.wholesaleos.recommend.TimeDecay;
import com.wholesaleos.recommend.TrendDetector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Keyed by category and region: orders per product and day, each product's counts an entry of a map state (an order
 * reads and writes its product's counts, not the whole category's: at Phase 4 a category and region holds thousands of
 * products, and holding them as one value cost a full read and write of all of them per order); publishes the trending
 * list when it changed, at most every interval, ranking the products then and dropping those whose days have all
 * passed the windows (the state's retention rule).
 */
final class TrendFunction extends ListPublisher<String, TrendCount> {
    private final TrendDetector.Windows windows;
    private final int size;
    private transient MapState<Long, DailyCounts> products;
    private transient ValueState<Long> latestDay;

    TrendFunction(TrendDetector.Windows windows, int size, long intervalMs) {
        super(intervalMs);
        this.windows = windows;
        this.size = size;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        products = getRuntimeContext().getMapState(new MapStateDescriptor<>("trend-products", Types.LONG, TypeInformation.of(DailyCounts.class)));
        latestDay = getRuntimeContext().getState(new ValueStateDescriptor<>("trend-latest-day", Types.LONG));
    }

    @Override
    public void processElement(TrendCount c, Context ctx, Collector<RankedList> out) throws Exception {
        long day = TrendDetector.day(c.atMs);
        long latest = latestDay.value() == null ? day : Math.max(day, latestDay.value());
        if (latestDay.value() == null || latest != latestDay.value()) latestDay.update(latest);
        if (TrendDetector.tooOld(day, latest, windows)) return; // older than both windows: counts nowhere
        DailyCounts counts = products.get(c.productId);
        if (counts == null) counts = new DailyCounts();
        counts.add(day, c.delta, TrendDetector.horizon(latest, windows));
        if (counts.isEmpty()) products.remove(c.productId);
        else products.put(c.productId, counts);
        changed(ctx);
    }

    @Override
    RankedList current(String categoryRegion) throws Exception {
        Long latest = latestDay.value();
        if (latest == null) return null;
        long category = Long.parseLong(categoryRegion.substring(0, categoryRegion.indexOf('|')));
        long horizon = TrendDetector.horizon(latest, windows);
        List<Recommendation> candidates = new ArrayList<>();
        for (Iterator<Map.Entry<Long, DailyCounts>> it = products.iterator(); it.hasNext(); ) {
            Map.Entry<Long, DailyCounts> e = it.next();
            DailyCounts counts = e.getValue();
            if (counts.days.length == 0 || counts.days[counts.days.length - 1] <= horizon) {
                it.remove(); // every day it was ordered on has left both windows
                continue;
            }
            TrendDetector.candidate(e.getKey(), counts, latest, windows, category).ifPresent(candidates::add);
        }
        return RankedList.of(RankedList.CATEGORY_REGION, categoryRegion, TrendDetector.best(candidates, windows, size).stream().map(RankedItem::of).toList(),
                latest * TimeDecay.DAY_MS, 0);
    }
}
