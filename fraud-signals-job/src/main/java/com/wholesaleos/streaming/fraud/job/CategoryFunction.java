package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.streaming.fraud.AmountAnomalyRule;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import org.apache.flink.util.Collector;

/**
 * Keyed by an order's main category (the one most of its value is in): the distribution of order values there, which
 * judges the orders of retailers with too little history of their own.
 */
final class CategoryFunction extends FraudOperator<Long, CategoryFunction.State> {
    public static final class State {
        public AmountAnomalyRule.Distribution amounts = new AmountAnomalyRule.Distribution();
    }

    private static final AmountAnomalyRule.Distribution NONE = new AmountAnomalyRule.Distribution();

    CategoryFunction(RuleBook rules, long ttlMs) { super("category", State.class, rules, ttlMs); }

    @Override
    State newState() { return new State(); }

    @Override
    boolean apply(State s, FraudFact f, ReadOnlyContext ctx, Collector<FraudFact> out) {
        boolean anomalous = AmountAnomalyRule.FLAGGED.equals(f.question);
        if (AmountAnomalyRule.ASK_CATEGORY.equals(f.question)) {
            var signal = new AmountAnomalyRule(rules.amount()).judgeAgainstCategory(f.orderId, f.retailerId, f.amount, s.amounts, f.atMs);
            raise(ctx, f, signal);
            anomalous = signal.isPresent();
        }
        if (anomalous) return false; // an outlier does not move the baseline it is judged against
        s.amounts.add(f.amount);
        return true;
    }
}
