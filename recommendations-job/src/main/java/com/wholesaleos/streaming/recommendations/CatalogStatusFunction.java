package com.wholesaleos.streaming.recommendations;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by 'product:<id>' or 'manufacturer:<id>': passes a status on only when it changed (a price change is a product
 * change too, and must not republish its status). State: the last status passed on, one short string per catalog
 * entry, kept as long as the entry exists (the catalog is bounded by what is listed, not by traffic).
 */
final class CatalogStatusFunction extends KeyedProcessFunction<String, ShopperFact, ShopperFact> {
    private transient ValueState<String> passed;

    @Override
    public void open(OpenContext context) {
        passed = getRuntimeContext().getState(new ValueStateDescriptor<>("catalog-status", String.class));
    }

    @Override
    public void processElement(ShopperFact f, Context ctx, Collector<ShopperFact> out) throws Exception {
        String status = f.status + "|" + f.manufacturerId;
        if (status.equals(passed.value())) return;
        passed.update(status);
        out.collect(f);
    }

    static String key(ShopperFact f) {
        return ShopperFact.PRODUCT.equals(f.kind) ? "product:" + f.productId : "manufacturer:" + f.manufacturerId;
    }
}
