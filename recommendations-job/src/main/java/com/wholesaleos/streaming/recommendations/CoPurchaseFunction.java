package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.recommend.CoPurchaseIndex;
import com.wholesaleos.recommend.CoPurchaseUpdate;
import com.wholesaleos.recommend.TimeDecay;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.util.Collector;

/** Keyed by product: its co-purchase figures; publishes its also-bought list when it changed, at most every interval. */
final class CoPurchaseFunction extends ListPublisher<Long, CoPurchaseUpdate> {
    private final TimeDecay decay;
    private final double minSupport;
    private final int size;
    private transient ValueState<CoPurchaseIndex> index;

    CoPurchaseFunction(TimeDecay decay, double minSupport, int size, long intervalMs) {
        super(intervalMs);
        this.decay = decay;
        this.minSupport = minSupport;
        this.size = size;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        index = getRuntimeContext().getState(new ValueStateDescriptor<>("co-purchase", CoPurchaseIndex.class));
    }

    @Override
    public void processElement(CoPurchaseUpdate u, Context ctx, Collector<RankedList> out) throws Exception {
        CoPurchaseIndex i = index.value();
        if (i == null) i = new CoPurchaseIndex();
        i.apply(u, decay);
        index.update(i);
        changed(ctx);
    }

    @Override
    RankedList current(Long product) throws Exception {
        CoPurchaseIndex i = index.value();
        if (i == null) return null;
        return RankedList.of(RankedList.PRODUCT, Long.toString(product), i.alsoBought(decay, minSupport, size).stream().map(RankedItem::of).toList(),
                i.asOfMs, 0);
    }
}
