package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.streaming.fraud.RefundAbuseRule;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import org.apache.flink.util.Collector;

/** Keyed by retailer segment: deliveries and refunds after delivery of every retailer in it (refund abuse against the segment's rate). */
final class SegmentFunction extends FraudOperator<String, SegmentFunction.State> {
    public static final class State {
        public RefundAbuseRule refunds;
    }

    SegmentFunction(RuleBook rules, long ttlMs) { super("segment", State.class, rules, ttlMs); }

    @Override
    State newState() { return new State(); }

    @Override
    boolean apply(State s, FraudFact f, ReadOnlyContext ctx, Collector<FraudFact> out) {
        if (s.refunds == null) s.refunds = new RefundAbuseRule(rules.refundAbuse());
        s.refunds.use(rules.refundAbuse());
        if (FraudFact.ORDER_STATUS.equals(f.kind) && "delivered".equals(f.status)) {
            raise(ctx, f, s.refunds.delivered(f.retailerId, f.segment, f.atMs));
            return true;
        }
        if (FraudFact.REFUND.equals(f.kind) && f.count == 1) {
            raise(ctx, f, s.refunds.refundedAfterDelivery(f.retailerId, f.segment, f.orderId, f.atMs));
            return true;
        }
        return false;
    }
}
