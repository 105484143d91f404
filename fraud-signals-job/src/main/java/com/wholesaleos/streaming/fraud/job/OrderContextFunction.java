package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.util.Collector;

/**
 * Keyed by order: joins an order's header, lines, payments and refunds, which arrive on four topics in no fixed order,
 * and hands the rules facts that name the retailer. An order is placed (ORDER_PLACED) once its header and all its lines
 * are here (their sum equals the header's total). Each source row is applied once: a change delivered twice (same or
 * older LSN for its row) is dropped, as in the GMV ledger.
 */
final class OrderContextFunction extends FraudOperator<Long, OrderContextFunction.State> {
    public static final class State {
        public boolean hasHeader;
        public long retailerId;
        public String segment;
        public String device;
        public String address;
        public BigDecimal total;
        public long placedAtMs;
        public String status;
        public long lastOrderLsn = -1;
        public boolean placedEmitted;
        public long deliveredAtMs;
        public boolean refundedAfterDelivery;
        /** Refunds seen: {refund id, business time}; one may arrive before the delivery it came after. */
        public List<FraudFact> refundFacts = new ArrayList<>();
        public List<FraudFact> lines = new ArrayList<>();
        public List<FraudFact> waiting = new ArrayList<>();
        public Map<Long, Long> paymentLsn = new HashMap<>();
        public Set<Long> refunds = new HashSet<>();
    }

    OrderContextFunction(RuleBook rules, long ttlMs) { super("order-context", State.class, rules, ttlMs); }

    @Override
    State newState() { return new State(); }

    @Override
    boolean apply(State s, FraudFact f, ReadOnlyContext ctx, Collector<FraudFact> out) {
        switch (f.kind) {
            case FraudFact.ORDER -> {
                if (f.lsn <= s.lastOrderLsn) return false;
                s.lastOrderLsn = f.lsn;
                boolean first = !s.hasHeader;
                if (first) {
                    s.hasHeader = true;
                    s.retailerId = f.retailerId;
                    s.segment = f.segment;
                    s.device = f.device;
                    s.address = f.address;
                    s.total = f.amount;
                    s.placedAtMs = f.atMs;
                }
                if (!f.status.equals(s.status)) {
                    s.status = f.status;
                    if ("delivered".equals(f.status)) s.deliveredAtMs = f.atMs;
                    if (!first || !"placed".equals(f.status)) {
                        FraudFact st = header(s, f, FraudFact.ORDER_STATUS);
                        st.status = f.status;
                        out.collect(st);
                    }
                }
                complete(s, f, out);
                refundAfterDelivery(s, out);
                if (first) {
                    for (FraudFact w : s.waiting) afterHeader(s, w, out);
                    s.waiting.clear();
                }
                return true;
            }
            case FraudFact.ITEM -> {
                for (FraudFact l : s.lines) if (l.lineNo == f.lineNo) return false;
                s.lines.add(f);
                complete(s, f, out);
                return true;
            }
            default -> {
                if (!s.hasHeader) {
                    s.waiting.add(f);
                    return true;
                }
                return afterHeader(s, f, out);
            }
        }
    }

    private boolean afterHeader(State s, FraudFact f, Collector<FraudFact> out) {
        if (FraudFact.PAYMENT.equals(f.kind)) {
            Long seen = s.paymentLsn.get(f.paymentId);
            if (seen != null && f.lsn <= seen) return false;
            s.paymentLsn.put(f.paymentId, f.lsn);
            FraudFact p = header(s, f, FraudFact.PAYMENT);
            p.paymentId = f.paymentId;
            p.instrument = f.instrument;
            p.status = f.status;
            p.failureReason = f.failureReason;
            p.amount = f.amount;
            out.collect(p);
            return true;
        }
        if (FraudFact.REFUND.equals(f.kind)) {
            if (!s.refunds.add(f.refundId)) return false;
            s.refundFacts.add(f);
            refundAfterDelivery(s, out);
            return true;
        }
        throw new IllegalArgumentException("the order context does not take " + f.kind + " facts");
    }

    /** The first refund after the order's delivery makes it a refunded-after-delivery order: reported once (REFUND). */
    private void refundAfterDelivery(State s, Collector<FraudFact> out) {
        if (s.refundedAfterDelivery || s.deliveredAtMs == 0) return;
        for (FraudFact f : s.refundFacts) {
            if (f.atMs < s.deliveredAtMs) continue;
            s.refundedAfterDelivery = true;
            FraudFact r = header(s, f, FraudFact.REFUND);
            r.refundId = f.refundId;
            r.amount = f.amount;
            r.failureReason = f.failureReason;
            r.count = 1;
            out.collect(r);
            return;
        }
    }

    private void complete(State s, FraudFact cause, Collector<FraudFact> out) {
        if (!s.hasHeader || s.placedEmitted || s.lines.isEmpty()) return;
        BigDecimal sum = BigDecimal.ZERO;
        Map<Long, BigDecimal> byCategory = new HashMap<>();
        for (FraudFact l : s.lines) {
            sum = sum.add(l.amount);
            byCategory.merge(l.categoryId, l.amount, BigDecimal::add);
        }
        if (sum.compareTo(s.total) != 0) return; // lines still on their way
        s.placedEmitted = true;
        FraudFact placed = header(s, cause, FraudFact.ORDER_PLACED);
        placed.atMs = s.placedAtMs;
        placed.amount = s.total;
        placed.count = s.lines.size();
        placed.categoryId = byCategory.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        placed.manufacturers = manufacturers(s);
        out.collect(placed);
    }

    private static String manufacturers(State s) {
        return s.lines.stream().map(l -> l.manufacturerId).collect(Collectors.toCollection(TreeSet::new)).stream()
                .map(String::valueOf).collect(Collectors.joining(","));
    }

    /** A fact about this order naming its retailer, dated and committed as the fact that caused it. */
    private static FraudFact header(State s, FraudFact cause, String kind) {
        FraudFact f = FraudFact.of(kind, cause.lsn, cause.atMs, cause.commitMs);
        f.orderId = cause.orderId;
        f.retailerId = s.retailerId;
        f.segment = s.segment;
        f.device = s.device;
        f.address = s.address;
        f.manufacturers = manufacturers(s);
        f.topic = cause.topic;
        f.partition = cause.partition;
        f.offset = cause.offset;
        return f;
    }
}
