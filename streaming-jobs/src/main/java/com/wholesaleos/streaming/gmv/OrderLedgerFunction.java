package com.wholesaleos.streaming.gmv;

import com.wholesaleos.streaming.cdc.CdcRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import com.wholesaleos.streaming.cdc.RejectedRecord;

/**
 * Keyed by order id: keeps each order's {@link OrderLedger} in state and emits the GMV entries that become due.
 * A change the ledger cannot apply (it throws) goes to the dead-letter side output with the reason and its topic
 * position, the order's state is left as it was, and the job moves on: no single record can stall it.
 */
public final class OrderLedgerFunction extends KeyedProcessFunction<Long, CdcRecord, GmvEntry> {
    public static final OutputTag<RejectedRecord> FAILED = new OutputTag<>("order-ledger-failed", TypeInformation.of(RejectedRecord.class));

    private transient ValueState<byte[]> ledger;

    @Override
    public void open(OpenContext context) {
        ledger = getRuntimeContext().getState(new ValueStateDescriptor<>("order-ledger", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(CdcRecord change, Context ctx, Collector<GmvEntry> out) throws Exception {
        java.util.List<GmvEntry> entries;
        try {
            OrderLedger l = OrderLedger.fromBytes(ledger.value());
            entries = l.apply(change);
            ledger.update(l.toBytes());
        } catch (RuntimeException e) {
            ctx.output(FAILED, RejectedRecord.failed(change, LiveGmvJob.STAGE, "order-ledger", e));
            return;
        }
        entries.forEach(out::collect);
    }
}
