package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.streaming.fraud.ReferralAbuseRule;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.util.Collector;

/** The whole referral graph under one key (referrals are few: one per sign-up at most): rings A → B → C → A. */
final class ReferralGraphFunction extends FraudOperator<Long, ReferralGraphFunction.State> {
    public static final class State {
        public ReferralAbuseRule graph;
        public Set<Long> referrals = new HashSet<>();
    }

    ReferralGraphFunction(RuleBook rules, long ttlMs) { super("referral-graph", State.class, rules, ttlMs); }

    @Override
    State newState() { return new State(); }

    @Override
    boolean apply(State s, FraudFact f, ReadOnlyContext ctx, Collector<FraudFact> out) {
        if (!s.referrals.add(f.referralId)) return false;
        if (s.graph == null) s.graph = new ReferralAbuseRule(rules.referral());
        s.graph.use(rules.referral());
        raise(ctx, f, s.graph.ring(f.referralId, f.referrerId, f.refereeId, f.atMs));
        return true;
    }
}
