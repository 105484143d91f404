package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.streaming.fraud.AccountFarmRule;
import com.wholesaleos.streaming.fraud.CardTestingRule;
import com.wholesaleos.streaming.fraud.ReferralAbuseRule;
import com.wholesaleos.streaming.fraud.SellerIdentityRule;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.util.Collector;

/**
 * Keyed by one identifier value ("device|dev-3f2a", "instrument|fp-91c0", "address|...", "phone|..."): who is behind
 * it. Judges account farms (many young retailers behind it), card testing on an instrument, a referral whose two sides
 * share it, and a purchase through a manufacturer's own device or instrument from that manufacturer.
 */
final class IdentifierFunction extends FraudOperator<String, IdentifierFunction.State> {
    public static final class State {
        public Set<Long> retailers = new HashSet<>();
        public AccountFarmRule farm;
        public CardTestingRule cards;
        /** Referrals whose referee is behind this identifier: {referral, referrer, referee}. */
        public List<long[]> referrals = new ArrayList<>();
        public Set<Long> sellers = new HashSet<>();
    }

    IdentifierFunction(RuleBook rules, long ttlMs) { super("identifier", State.class, rules, ttlMs); }

    @Override
    State newState() { return new State(); }

    @Override
    boolean apply(State s, FraudFact f, ReadOnlyContext ctx, Collector<FraudFact> out) {
        switch (f.kind) {
            case FraudFact.ATTRIBUTE_SEEN -> {
                s.retailers.add(f.retailerId);
                if (!"phone".equals(f.attrKind)) {
                    if (s.farm == null) s.farm = new AccountFarmRule(rules.accountFarm());
                    s.farm.use(rules.accountFarm());
                    raise(ctx, f, s.farm.onRetailer(f.attrKind, f.attrValue, f.retailerId, f.signupAtMs, f.atMs));
                }
                for (long[] r : s.referrals) if (r[1] == f.retailerId) shared(ctx, f, r, s);
            }
            case FraudFact.REFERRAL_ATTRIBUTE -> {
                for (long[] r : s.referrals) if (r[0] == f.referralId) return false;
                long[] r = {f.referralId, f.referrerId, f.refereeId};
                s.referrals.add(r);
                if (s.retailers.contains(f.referrerId)) shared(ctx, f, r, s);
            }
            case FraudFact.PAYMENT -> {
                if (s.cards == null) s.cards = new CardTestingRule(rules.cardTesting());
                s.cards.use(rules.cardTesting());
                raise(ctx, f, s.cards.onPayment("instrument", f.attrValue, RetailerFunction.payment(f)));
            }
            case FraudFact.MANUFACTURER_ATTRIBUTE -> {
                if (!s.sellers.add(f.manufacturerId)) return false;
            }
            case FraudFact.PURCHASE -> {
                if (s.sellers.isEmpty()) return false;
                Set<Long> bought = Arrays.stream(f.manufacturers.split(",")).map(Long::parseLong).collect(Collectors.toSet());
                raise(ctx, f, new SellerIdentityRule(rules.collusion().version()).purchase(f.attrKind, f.attrValue, s.sellers, bought, f.retailerId, f.orderId, f.atMs));
                return false;
            }
            default -> throw new IllegalArgumentException("the identifier step does not take " + f.kind + " facts");
        }
        return true;
    }

    private void shared(ReadOnlyContext ctx, FraudFact cause, long[] referral, State s) {
        // Two businesses at a known shared site (a warehouse, a franchise's premises) share an address honestly.
        if ("address".equals(cause.attrKind) && s.farm != null) s.farm.use(rules.accountFarm());
        if ("address".equals(cause.attrKind) && s.farm != null && s.farm.knownSharedSite(cause.atMs)) return;
        raise(ctx, cause, new ReferralAbuseRule(rules.referral()).sharedIdentifier(referral[0], referral[1], referral[2], cause.attrKind, cause.attrValue, cause.atMs));
    }
}
