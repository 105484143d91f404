package com.wholesaleos.streaming.fraud.control;

import com.wholesaleos.streaming.cdc.RejectedRecord;
import com.wholesaleos.streaming.fraud.RuleBook;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running rule book under one key: applies each update from the control topic after validating it, and emits the
 * whole new book for the rule steps to broadcast. A malformed update is dead-lettered with the reason; the running
 * book stays as it was. Checkpointed, so a restart resumes with the versions it had.
 */
public final class RuleBookFunction extends KeyedProcessFunction<Integer, RuleChange, RuleBook> {
    private static final Logger LOG = LoggerFactory.getLogger(RuleBookFunction.class);
    public static final OutputTag<RejectedRecord> REJECTED = new OutputTag<>("rejected-rule-updates", TypeInformation.of(RejectedRecord.class));

    /** The running book and the settings it was made from. */
    public static final class State {
        public RuleBook book;
        public Map<String, String> settings = new HashMap<>();
    }

    private final String stage;
    private final RuleBook initial;
    private final Map<String, String> initialSettings;
    private transient ValueState<State> state;

    public RuleBookFunction(String stage, RuleBook initial, Map<String, String> initialSettings) {
        this.stage = stage;
        this.initial = initial;
        this.initialSettings = new HashMap<>(initialSettings);
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("rule-book", State.class));
    }

    @Override
    public void processElement(RuleChange change, Context ctx, Collector<RuleBook> out) throws Exception {
        State s = state.value();
        if (s == null) {
            s = new State();
            s.book = initial;
            s.settings.putAll(initialSettings);
        }
        try {
            if (change.error != null) throw new IllegalArgumentException(change.error);
            RuleBook next = s.book.apply(change.rule, change.version, change.settings, s.settings);
            s.settings.putAll(change.settings);
            s.book = next;
            state.update(s);
            LOG.info("Rule {} now at version {} ({}, by {}: {})", change.rule, change.version, change.settings, change.changedBy, change.note);
            out.collect(next);
        } catch (RuntimeException e) {
            RejectedRecord r = RejectedRecord.at(stage, "rule update rejected, " + s.book.versions() + " keep running: " + e.getMessage(),
                    e.getClass().getName(), change.topic, change.partition, change.offset,
                    change.key != null ? change.key : change.rule == null ? null : change.rule.getBytes(StandardCharsets.UTF_8),
                    change.payload != null ? change.payload : change.toString().getBytes(StandardCharsets.UTF_8));
            ctx.output(REJECTED, r);
        }
    }
}
