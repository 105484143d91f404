package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.streaming.fraud.PriceRaiseRule;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;

/**
 * Keyed by product: remembers its manufacturer and price, judges every order line of it against its last price change
 * (seller collusion, price side), and passes the lines on with their manufacturer. Lines of a product not seen yet wait
 * for it (at a cold start the product topic may lag the line topic).
 */
final class ProductFunction extends FraudOperator<Long, ProductFunction.State> {
    public static final class State {
        public long manufacturerId;
        public BigDecimal price;
        public long lastLsn = -1;
        public PriceRaiseRule priceRaise;
        public List<FraudFact> waiting = new ArrayList<>();
    }

    private static final int MAX_WAITING = 10_000;

    ProductFunction(RuleBook rules, long ttlMs) { super("product", State.class, rules, ttlMs); }

    @Override
    State newState() { return new State(); }

    @Override
    boolean apply(State s, FraudFact f, ReadOnlyContext ctx, Collector<FraudFact> out) {
        if (s.priceRaise == null) s.priceRaise = new PriceRaiseRule(rules.collusion());
        s.priceRaise.use(rules.collusion());
        if (FraudFact.PRODUCT.equals(f.kind)) {
            if (f.lsn <= s.lastLsn) return false; // a change delivered twice
            s.lastLsn = f.lsn;
            if (s.price != null && f.amount.compareTo(s.price) != 0) {
                for (var signal : s.priceRaise.priceChanged(f.productId, s.price, f.amount, f.atMs)) raise(ctx, f, java.util.Optional.of(signal));
            }
            s.price = f.amount;
            s.manufacturerId = f.manufacturerId;
            for (FraudFact line : s.waiting) line(s, line, ctx, out);
            s.waiting.clear();
            return true;
        }
        if (s.manufacturerId == 0) {
            if (s.waiting.size() >= MAX_WAITING) throw new IllegalStateException("product " + f.productId + " unknown after " + MAX_WAITING + " lines");
            s.waiting.add(f);
            return true;
        }
        line(s, f, ctx, out);
        return false;
    }

    private void line(State s, FraudFact line, ReadOnlyContext ctx, Collector<FraudFact> out) {
        line.manufacturerId = s.manufacturerId;
        raise(ctx, line, s.priceRaise.onLine(line.productId, line.orderId, line.retailerId, line.amount, line.atMs));
        out.collect(line);
    }
}
