package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.streaming.cdc.RejectedRecord;
import com.wholesaleos.streaming.fraud.FraudSignal;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * One keyed step of the fraud job: a state object per key (a product, an order, a retailer, a segment, a device ...)
 * with a time to live, facts in, derived facts out, rule signals and failures to side outputs. A fact that fails is
 * dead-lettered with the reason and the job goes on: no single record can stall it.
 *
 * <p>Lateness policy: facts are judged when they arrive, not when the watermark passes them, because the risk team
 * must see an alert within a second of the commit; rules compare business times themselves (windows of a rule are
 * measured between facts' own times), so a fact that arrives late is still judged by when it happened.
 */
abstract class FraudOperator<K, S> extends KeyedBroadcastProcessFunction<K, FraudFact, RuleBook, FraudFact> {
    static final OutputTag<RaisedSignal> SIGNALS = new OutputTag<>("signals", TypeInformation.of(RaisedSignal.class));
    static final OutputTag<RejectedRecord> FAILED = new OutputTag<>("failed", TypeInformation.of(RejectedRecord.class));
    /** The running rule book, broadcast to every rule step from the control topic. */
    static final MapStateDescriptor<String, RuleBook> RULE_BOOK = new MapStateDescriptor<>("rule-book", TypeInformation.of(String.class),
            TypeInformation.of(RuleBook.class));
    private static final String CURRENT = "current";

    private final String name;
    private final Class<S> stateClass;
    private final RuleBook configured;
    /** The rule book in force for the fact being processed: the latest broadcast, else the configured one. */
    protected RuleBook rules;
    private final long ttlMs;
    private transient ValueState<S> state;

    FraudOperator(String name, Class<S> stateClass, RuleBook rules, long ttlMs) {
        this.name = name;
        this.stateClass = stateClass;
        this.configured = rules;
        this.rules = rules;
        this.ttlMs = ttlMs;
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<S> descriptor = new ValueStateDescriptor<>(name, stateClass);
        descriptor.enableTimeToLive(ttl());
        state = getRuntimeContext().getState(descriptor);
    }

    /** Every piece of a step's state lives this long after it was last written. */
    StateTtlConfig ttl() {
        return StateTtlConfig.newBuilder(Duration.ofMillis(ttlMs))
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
    }

    @Override
    public void processElement(FraudFact fact, ReadOnlyContext ctx, Collector<FraudFact> out) throws Exception {
        RuleBook broadcast = ctx.getBroadcastState(RULE_BOOK).get(CURRENT);
        rules = broadcast != null ? broadcast : configured;
        S s = state.value();
        if (s == null) s = newState();
        try {
            if (apply(s, fact, ctx, out)) state.update(s);
        } catch (RuntimeException e) {
            ctx.output(FAILED, fact.failedIn(FraudSignalsJob.STAGE, name, e));
        }
    }

    @Override
    public void processBroadcastElement(RuleBook book, Context ctx, Collector<FraudFact> out) throws Exception {
        ctx.getBroadcastState(RULE_BOOK).put(CURRENT, book);
    }

    abstract S newState();

    /** Applies one fact; true when the state changed. */
    abstract boolean apply(S s, FraudFact fact, ReadOnlyContext ctx, Collector<FraudFact> out);

    void raise(ReadOnlyContext ctx, FraudFact cause, Optional<FraudSignal> signal) {
        signal.ifPresent(s -> ctx.output(SIGNALS, new RaisedSignal(s, cause.commitMs)));
    }

}
