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

/** Keyed by product: its co-purchase figures; publishes its also-bought list whenever the list changes. */
final class CoPurchaseFunction extends KeyedProcessFunction<Long, CoPurchaseUpdate, RankedList> {
    private final TimeDecay decay;
    private final double minSupport;
    private final int size;
    private transient ValueState<CoPurchaseIndex> index;
    private transient ValueState<String> published;

    CoPurchaseFunction(TimeDecay decay, double minSupport, int size) {
        this.decay = decay;
        this.minSupport = minSupport;
        this.size = size;
    }

    @Override
    public void open(OpenContext context) {
        index = getRuntimeContext().getState(new ValueStateDescriptor<>("co-purchase", CoPurchaseIndex.class));
        published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", String.class));
    }

    @Override
    public void processElement(CoPurchaseUpdate u, Context ctx, Collector<RankedList> out) throws Exception {
        CoPurchaseIndex i = index.value();
        if (i == null) i = new CoPurchaseIndex();
        i.apply(u, decay);
        index.update(i);
        List<RankedItem> items = i.alsoBought(decay, minSupport, size).stream().map(RankedItem::of).toList();
        String signature = RankedItem.signature(items);
        if (signature.equals(published.value())) return;
        published.update(signature);
        out.collect(RankedList.of(RankedList.PRODUCT, Long.toString(ctx.getCurrentKey()), items, i.asOfMs, System.currentTimeMillis()));
    }
}
