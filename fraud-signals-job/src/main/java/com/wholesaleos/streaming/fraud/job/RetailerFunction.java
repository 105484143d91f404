package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.streaming.fraud.AmountAnomalyRule;
import com.wholesaleos.streaming.fraud.CardTestingRule;
import com.wholesaleos.streaming.fraud.OrderVelocityRule;
import com.wholesaleos.streaming.fraud.ReferralAbuseRule;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.util.Collector;

/**
 * Keyed by retailer: its identity (sign-up, segment, phone, addresses, devices, instruments), its orders and payments,
 * and the referral that brought it. Judges order velocity, amount against its own history, card testing on the
 * account and a refund of its qualifying order after the referral reward; hands on what other keys judge: each
 * identifier it is seen behind (account farms, shared identity with its referrer), its purchases (seller collusion)
 * and orders its own history is too short to judge (its category's distribution decides).
 */
final class RetailerFunction extends FraudOperator<Long, RetailerFunction.State> {
    public static final class State {
        public long lastRetailerLsn = -1;
        public boolean known;
        public String segment;
        public long signupAtMs;
        /** "kind|value" of every identifier seen with this retailer. */
        public Set<String> identifiers = new LinkedHashSet<>();
        public OrderVelocityRule velocity;
        public AmountAnomalyRule.Distribution amounts = new AmountAnomalyRule.Distribution();
        public CardTestingRule cards;
        public long firstOrderId;
        public long referralId;
        public long referrerId;
        public long rewardedAtMs;
        public long lastReferralLsn = -1;
        public long firstOrderAtMs = Long.MAX_VALUE;
        /** Early orders refunded or cancelled: order id → "status@business time"; any of these facts may come first. */
        public java.util.Map<Long, String> undone = new java.util.HashMap<>();
        public boolean qualifyingOrderReported;
    }

    private static final AmountAnomalyRule.Distribution NONE = new AmountAnomalyRule.Distribution();

    RetailerFunction(RuleBook rules, long ttlMs) { super("retailer", State.class, rules, ttlMs); }

    @Override
    State newState() { return new State(); }

    @Override
    boolean apply(State s, FraudFact f, ReadOnlyContext ctx, Collector<FraudFact> out) {
        if (s.velocity == null) s.velocity = new OrderVelocityRule(rules.velocity());
        if (s.cards == null) s.cards = new CardTestingRule(rules.cardTesting());
        s.velocity.use(rules.velocity());
        s.cards.use(rules.cardTesting());
        long retailerId = ctx.getCurrentKey();
        switch (f.kind) {
            case FraudFact.RETAILER -> {
                if (f.lsn <= s.lastRetailerLsn) return false;
                s.lastRetailerLsn = f.lsn;
                boolean first = !s.known;
                s.known = true;
                s.segment = f.segment;
                s.signupAtMs = f.signupAtMs;
                if (first) {
                    for (String id : s.identifiers) seen(s, retailerId, id, f, out); // waited for the sign-up date
                    raise(ctx, f, s.velocity.onSignupKnown(s.signupAtMs));          // orders that came before the row
                }
                identify(s, retailerId, "phone", f.phone, f, out);
                identify(s, retailerId, "address", f.address, f, out);
                identify(s, retailerId, "device", f.device, f, out);
            }
            case FraudFact.ORDER_PLACED -> {
                if (f.atMs < s.firstOrderAtMs) {
                    s.firstOrderAtMs = f.atMs;
                    s.firstOrderId = f.orderId;
                }
                qualifyingOrderUndone(s, retailerId, f, ctx);
                // An account whose sign-up is not known yet is judged as established: no young-account ceiling.
                long signup = s.known ? s.signupAtMs : Long.MIN_VALUE / 2;
                raise(ctx, f, s.velocity.onOrder(new OrderVelocityRule.Order(f.orderId, retailerId, f.amount, f.atMs), signup, 0));
                AmountAnomalyRule amount = new AmountAnomalyRule(rules.amount());
                boolean ownHistory = s.amounts.count() >= rules.amount().minOrders();
                var judged = ownHistory ? amount.judge(f.orderId, retailerId, f.amount, s.amounts, NONE, f.atMs) : java.util.Optional.<com.wholesaleos.streaming.fraud.FraudSignal>empty();
                raise(ctx, f, judged);
                if (judged.isEmpty()) s.amounts.add(f.amount); // an outlier does not move the baseline it is judged against
                FraudFact toCategory = f.copy();
                // Its own history judges once it has enough, its category always, at a wider margin.
                toCategory.question = judged.isPresent() ? AmountAnomalyRule.FLAGGED : AmountAnomalyRule.ASK_CATEGORY;
                out.collect(toCategory);
                identify(s, retailerId, "address", f.address, f, out);
                identify(s, retailerId, "device", f.device, f, out);
                purchase(retailerId, "device", f.device, f, out);
            }
            case FraudFact.PAYMENT -> {
                raise(ctx, f, s.cards.onPayment("retailer", Long.toString(retailerId), payment(f)));
                identify(s, retailerId, "instrument", f.instrument, f, out);
                if ("authorized".equals(f.status) || "captured".equals(f.status)) purchase(retailerId, "instrument", f.instrument, f, out);
            }
            case FraudFact.ORDER_STATUS -> {
                if (!"refunded".equals(f.status) && !"cancelled".equals(f.status)) return false;
                // Kept for a retailer's first orders whether or not its referral has arrived yet (another topic).
                if (s.qualifyingOrderReported || s.undone.size() >= 20) return false;
                s.undone.putIfAbsent(f.orderId, f.status + "@" + f.atMs);
                qualifyingOrderUndone(s, retailerId, f, ctx);
            }
            case FraudFact.REFERRAL -> {
                if (f.lsn <= s.lastReferralLsn) return false;
                s.lastReferralLsn = f.lsn;
                boolean first = s.referralId == 0;
                s.referralId = f.referralId;
                s.referrerId = f.referrerId;
                if (f.rewardedAtMs != 0 && s.rewardedAtMs == 0) s.rewardedAtMs = f.rewardedAtMs;
                qualifyingOrderUndone(s, retailerId, f, ctx);
                if (first) for (String id : s.identifiers) referralAt(s, retailerId, id, f, out);
            }
            default -> throw new IllegalArgumentException("the retailer step does not take " + f.kind + " facts");
        }
        return true;
    }

    /** The referee's first order, which earned the reward, refunded or cancelled soon after the reward was paid. */
    private void qualifyingOrderUndone(State s, long retailerId, FraudFact cause, ReadOnlyContext ctx) {
        if (s.qualifyingOrderReported || s.rewardedAtMs == 0 || s.firstOrderId == 0) return;
        String undone = s.undone.get(s.firstOrderId);
        if (undone == null) return;
        int at = undone.indexOf('@');
        var signal = new ReferralAbuseRule(rules.referral()).cancelAfterReward(s.referralId, s.referrerId, retailerId, s.rewardedAtMs,
                s.firstOrderId, undone.substring(0, at), Long.parseLong(undone.substring(at + 1)));
        s.qualifyingOrderReported = signal.isPresent();
        raise(ctx, cause, signal);
    }

    static CardTestingRule.Payment payment(FraudFact f) {
        return new CardTestingRule.Payment(f.paymentId, f.orderId, f.retailerId, f.instrument, f.status, f.failureReason, f.atMs);
    }

    /** A new identifier of this retailer goes to where identifiers are judged (once the sign-up date is known). */
    private void identify(State s, long retailerId, String kind, String value, FraudFact cause, Collector<FraudFact> out) {
        if (value == null || value.isBlank()) return;
        String id = kind + "|" + value;
        if (!s.identifiers.add(id)) return;
        if (s.known) seen(s, retailerId, id, cause, out);
        if (s.referralId != 0) referralAt(s, retailerId, id, cause, out);
    }

    private static void seen(State s, long retailerId, String id, FraudFact cause, Collector<FraudFact> out) {
        FraudFact a = at(FraudFact.ATTRIBUTE_SEEN, id, cause);
        a.retailerId = retailerId;
        a.signupAtMs = s.signupAtMs;
        out.collect(a);
    }

    private static void referralAt(State s, long retailerId, String id, FraudFact cause, Collector<FraudFact> out) {
        FraudFact a = at(FraudFact.REFERRAL_ATTRIBUTE, id, cause);
        a.referralId = s.referralId;
        a.referrerId = s.referrerId;
        a.refereeId = retailerId;
        a.retailerId = retailerId;
        out.collect(a);
    }

    private static void purchase(long retailerId, String kind, String value, FraudFact cause, Collector<FraudFact> out) {
        if (value == null || value.isBlank() || cause.manufacturers == null || cause.manufacturers.isEmpty()) return;
        FraudFact p = at(FraudFact.PURCHASE, kind + "|" + value, cause);
        p.retailerId = retailerId;
        p.orderId = cause.orderId;
        p.manufacturers = cause.manufacturers;
        out.collect(p);
    }

    private static FraudFact at(String kind, String identifier, FraudFact cause) {
        FraudFact a = FraudFact.of(kind, cause.lsn, cause.atMs, cause.commitMs);
        int bar = identifier.indexOf('|');
        a.attrKind = identifier.substring(0, bar);
        a.attrValue = identifier.substring(bar + 1);
        a.topic = cause.topic;
        a.partition = cause.partition;
        a.offset = cause.offset;
        return a;
    }
}
