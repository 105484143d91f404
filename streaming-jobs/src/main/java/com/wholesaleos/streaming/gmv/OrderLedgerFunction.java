package com.wholesaleos.streaming.gmv;

import com.wholesaleos.streaming.cdc.CdcRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Keyed by order id: keeps each order's {@link OrderLedger} in state and emits the GMV entries that become due. */
public final class OrderLedgerFunction extends KeyedProcessFunction<Long, CdcRecord, GmvEntry> {
    private transient ValueState<byte[]> ledger;

    @Override
    public void open(OpenContext context) {
        ledger = getRuntimeContext().getState(new ValueStateDescriptor<>("order-ledger", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(CdcRecord change, Context ctx, Collector<GmvEntry> out) throws Exception {
        OrderLedger l = OrderLedger.fromBytes(ledger.value());
        var entries = l.apply(change);
        ledger.update(l.toBytes());
        entries.forEach(out::collect);
    }
}
