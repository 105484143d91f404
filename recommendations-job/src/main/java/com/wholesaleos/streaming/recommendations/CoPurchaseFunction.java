package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.recommend.CoPurchaseIndex;
import com.wholesaleos.recommend.CoPurchaseUpdate;
import com.wholesaleos.recommend.TimeDecay;
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
 * Keyed by product: its co-purchase figures ({@link CoPurchaseIndex}'s rule), the support in a value and each product
 * stocked with it an entry of a map state, so an update reads and writes the pairs it changes, not every product ever
 * stocked with this one (a popular product's pairs number in the thousands at Phase 4). A pair whose weight retractions
 * bring to nothing is removed (the state's retention rule: no pair outlives its last retailer); publishes the
 * also-bought list when it changed, at most every interval.
 */
final class CoPurchaseFunction extends ListPublisher<Long, CoPurchaseUpdate> {
    private final TimeDecay decay;
    private final double minSupport;
    private final int size;
    private transient ValueState<Totals> totals;
    private transient MapState<Long, CoPurchaseIndex.Pair> pairs;

    /** The product's support, category and newest purchase time. A Flink POJO. */
    public static class Totals {
        public double support;
        public long categoryId;
        public long asOfMs;

        public Totals() {}
    }

    CoPurchaseFunction(TimeDecay decay, double minSupport, int size, long intervalMs) {
        super(intervalMs);
        this.decay = decay;
        this.minSupport = minSupport;
        this.size = size;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        totals = getRuntimeContext().getState(new ValueStateDescriptor<>("co-purchase-totals", Totals.class));
        pairs = getRuntimeContext().getMapState(new MapStateDescriptor<>("co-purchase-pairs", Types.LONG, TypeInformation.of(CoPurchaseIndex.Pair.class)));
    }

    @Override
    public void processElement(CoPurchaseUpdate u, Context ctx, Collector<RankedList> out) throws Exception {
        Totals t = totals.value();
        if (t == null) t = new Totals();
        t.categoryId = u.categoryId != 0 ? u.categoryId : t.categoryId;
        t.asOfMs = Math.max(t.asOfMs, u.atMs);
        t.support += u.supportDelta;
        double noise = CoPurchaseIndex.noise(decay, t.asOfMs);
        for (Map.Entry<Long, Double> d : u.pairDeltas.entrySet()) {
            CoPurchaseIndex.Pair p = pairs.get(d.getKey());
            double v = (p == null ? 0 : p.together) + d.getValue();
            if (v < noise) {
                if (p != null) pairs.remove(d.getKey());
                continue;
            }
            long category = u.categories.getOrDefault(d.getKey(), 0L);
            pairs.put(d.getKey(), new CoPurchaseIndex.Pair(v, category != 0 ? category : p == null ? 0 : p.categoryId));
        }
        if (t.support < noise) t.support = 0;
        totals.update(t);
        changed(ctx);
    }

    @Override
    RankedList current(Long product) throws Exception {
        Totals t = totals.value();
        if (t == null) return null;
        RankedList l = RankedList.of(RankedList.PRODUCT, Long.toString(product),
                CoPurchaseIndex.alsoBought(t.support, t.asOfMs, pairs.entries(), decay, minSupport, size).stream().map(RankedItem::of).toList(), t.asOfMs, 0);
        l.support = CoPurchaseIndex.supportNow(t.support, t.asOfMs, decay);
        return l;
    }
}
