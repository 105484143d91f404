package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.streaming.fraud.RefundAbuseRule;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Keyed by retailer segment: deliveries and refunds after delivery of every retailer in it (refund abuse against the
 * segment's rate). The segment's totals are its state value; each retailer's counts are an entry of a map state, so on
 * RocksDB an event reads and writes one retailer's entry and the totals, never the whole segment (at Phase 4, 25,000
 * retailers a segment). Each entry has the fraud state's time to live: a retailer quiet for that long starts again.
 */
final class SegmentFunction extends FraudOperator<String, SegmentFunction.State> {
    /** The segment's totals. */
    public static final class State {
        public long delivered;
        public long refunded;
    }

    private transient MapState<Long, long[]> byRetailer;

    SegmentFunction(RuleBook rules, long ttlMs) { super("segment-totals", State.class, rules, ttlMs); }

    @Override
    public void open(OpenContext context) {
        super.open(context);
        MapStateDescriptor<Long, long[]> descriptor = new MapStateDescriptor<>("segment-retailer-counts", Types.LONG,
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        descriptor.enableTimeToLive(ttl());
        byRetailer = getRuntimeContext().getMapState(descriptor);
    }

    @Override
    State newState() { return new State(); }

    @Override
    boolean apply(State s, FraudFact f, ReadOnlyContext ctx, Collector<FraudFact> out) {
        boolean delivered = FraudFact.ORDER_STATUS.equals(f.kind) && "delivered".equals(f.status);
        boolean refunded = FraudFact.REFUND.equals(f.kind) && f.count == 1;
        if (!delivered && !refunded) return false;
        long[] mine;
        try {
            mine = byRetailer.get(f.retailerId);
            if (mine == null) mine = new long[2];
            mine[delivered ? 0 : 1]++;
            byRetailer.put(f.retailerId, mine);
        } catch (Exception e) {
            throw new IllegalStateException("segment state of retailer " + f.retailerId + " unreadable: " + e, e);
        }
        if (delivered) s.delivered++;
        else s.refunded++;
        if (refunded) {
            raise(ctx, f, RefundAbuseRule.judge(rules.refundAbuse(), f.retailerId, f.segment, f.orderId, f.atMs,
                    new RefundAbuseRule.Counts(mine[0], mine[1]), new RefundAbuseRule.Counts(s.delivered, s.refunded)));
        }
        return true;
    }
}
