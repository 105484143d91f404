package com.wholesaleos.streaming.gmv;

import com.wholesaleos.streaming.cdc.RejectedRecord;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by order id: keeps each order's {@link OrderLedger} in state and emits the GMV entries that become due.
 *
 * <p>State is bounded: once an order is settled (cancelled, or delivered and past the refund window) and the
 * watermark has passed that point, and its latest change's commit, plus the allowed lateness, its ledger is dropped and
 * only its settle time is kept (8 bytes). A change that still arrives for it cannot be counted correctly without the ledger, so it goes to
 * the dead-letter topic with the reason instead of being lost or miscounted.
 *
 * <p>A change the ledger cannot apply (it throws) also goes to the dead-letter side output, with the reason and
 * its topic position; the order's state is left as it was and the job moves on: no single record can stall it.
 */
public final class OrderLedgerFunction extends KeyedProcessFunction<Long, CdcRecord, GmvEntry> {
    public static final OutputTag<RejectedRecord> FAILED = new OutputTag<>("order-ledger-failed", TypeInformation.of(RejectedRecord.class));

    private final long refundWindowMs;
    private final long allowedLatenessMs;
    private transient ValueState<OrderLedger> ledger;
    /** The ledger's earlier shape (encoded bytes), read once per order after an upgrade from a checkpoint that has it. */
    private transient ValueState<byte[]> legacyLedger;
    private transient ValueState<Long> settledAt;
    private transient ValueState<Long> timer;

    public OrderLedgerFunction(long refundWindowMs, long allowedLatenessMs) {
        this.refundWindowMs = refundWindowMs;
        this.allowedLatenessMs = allowedLatenessMs;
    }

    @Override
    public void open(OpenContext context) {
        // Its own name: the state used to be a byte[] under "order-ledger"; a checkpoint of that shape is not restored into this one.
        ledger = getRuntimeContext().getState(new ValueStateDescriptor<>("order-ledger-v2", OrderLedgerSerializer.INSTANCE));
        legacyLedger = getRuntimeContext().getState(new ValueStateDescriptor<>("order-ledger",
                org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        settledAt = getRuntimeContext().getState(new ValueStateDescriptor<>("settled-at", Types.LONG));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("release-timer", Types.LONG));
    }

    @Override
    public void processElement(CdcRecord change, Context ctx, Collector<GmvEntry> out) throws Exception {
        Long settled = settledAt.value();
        if (settled != null) {
            ctx.output(FAILED, change.failedIn(LiveGmvJob.STAGE, "order-ledger",
                    new IllegalStateException("order " + change.orderId + " settled at " + Instant.ofEpochMilli(settled)
                            + " (gmv.refund-window-ms=" + refundWindowMs + " after delivery, or its cancellation) and its ledger was released;"
                            + " a change after that is not counted by live GMV: replay it (wos dlq replay) after raising gmv.refund-window-ms")));
            return;
        }
        List<GmvEntry> entries;
        OrderLedger l;
        try {
            OrderLedger known = current();
            l = known == null ? new OrderLedger() : known; // apply() validates before it changes anything
            entries = l.apply(change);
            ledger.update(l);
        } catch (RuntimeException e) {
            ctx.output(FAILED, change.failedIn(LiveGmvJob.STAGE, "order-ledger", e));
            return;
        }
        entries.forEach(out::collect);
        OptionalLong settles = l.settlesAtMs(refundWindowMs);
        if (settles.isPresent()) {
            // Windows accept corrections until then anyway. Not before the change's own commit plus the lateness either: a
            // backdated order (a bulk load of history) settled long ago in business time, while the rest of its transaction
            // (its lines, stamped with the commit) is still arriving behind a watermark the load itself moved to now.
            long at = Math.max(settles.getAsLong(), change.commitTimeMs) + allowedLatenessMs;
            Long current = timer.value();
            if (current != null && current > at) at = current; // never earlier than a change already seen asked for
            if (current == null || current != at) {
                if (current != null) ctx.timerService().deleteEventTimeTimer(current);
                ctx.timerService().registerEventTimeTimer(at);
                timer.update(at);
            }
        }
    }

    private OrderLedger current() throws java.io.IOException {
        OrderLedger l = ledger.value();
        if (l == null) {
            byte[] legacy = legacyLedger.value();
            if (legacy != null) {
                l = OrderLedger.fromBytes(legacy);
                ledger.update(l);
                legacyLedger.clear();
            }
        }
        return l;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GmvEntry> out) throws Exception {
        OrderLedger l = current();
        if (l == null) return;
        OptionalLong settles = l.settlesAtMs(refundWindowMs);
        if (settles.isEmpty() || settles.getAsLong() + allowedLatenessMs > timestamp) return; // moved by a later fact
        ledger.clear();
        timer.clear();
        settledAt.update(settles.getAsLong());
    }
}
