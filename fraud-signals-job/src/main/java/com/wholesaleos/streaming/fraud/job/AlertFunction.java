package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.FraudSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by alert id (rule, entity type, entity id): one alert per entity and rule. New evidence is added to the alert
 * (severity and score only rise) and the alert is published again; a signal that adds nothing publishes nothing, so a
 * replay after a restart does not flood the queue.
 */
final class AlertFunction extends KeyedProcessFunction<String, RaisedSignal, RaisedSignal> {
    /** Evidence kept per alert: the newest, enough to act on. */
    static final int MAX_EVIDENCE = 50;

    private final long ttlMs;
    private transient ValueState<FraudSignal> current;

    AlertFunction(long ttlMs) { this.ttlMs = ttlMs; }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<FraudSignal> d = new ValueStateDescriptor<>("alert", FraudSignal.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(ttlMs)).build());
        current = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(RaisedSignal raised, Context ctx, Collector<RaisedSignal> out) throws Exception {
        FraudSignal merged = merge(current.value(), raised.signal());
        if (merged == null) return;
        current.update(merged);
        out.collect(new RaisedSignal(merged, raised.commitMs()));
    }

    /** The alert after this signal, or null when the signal adds nothing to it. */
    static FraudSignal merge(FraudSignal previous, FraudSignal signal) {
        if (previous == null) return signal;
        LinkedHashSet<FraudSignal.Evidence> evidence = new LinkedHashSet<>(previous.evidence());
        evidence.addAll(signal.evidence());
        List<FraudSignal.Evidence> kept = new ArrayList<>(evidence);
        if (kept.size() > MAX_EVIDENCE) kept = kept.subList(kept.size() - MAX_EVIDENCE, kept.size());
        FraudSignal.Severity severity = signal.severity().compareTo(previous.severity()) > 0 ? signal.severity() : previous.severity();
        FraudSignal merged = new FraudSignal(signal.rule(), Math.max(signal.ruleVersion(), previous.ruleVersion()), severity,
                Math.max(signal.score(), previous.score()), signal.entityType(), signal.entityId(), List.copyOf(kept),
                Math.max(signal.eventTimeMs(), previous.eventTimeMs()));
        return merged.equals(previous) ? null : merged;
    }
}
