package com.wholesaleos.streaming.gmv;

import com.wholesaleos.schemas.dlq.LateGmvEntry;
import com.wholesaleos.streaming.cdc.RejectedRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by window key: sums entries into the window and emits the window's new value on every change (an
 * upsert keyed by window), so a late correction updates its window instead of being dropped. The window's
 * state is released once the watermark passes its end plus the allowed lateness; entries later than that
 * go to the dead-letter side output.
 */
public final class GmvWindowFunction extends KeyedProcessFunction<String, GmvEntry, GmvWindowValue> {
    /** Entries it cannot count: beyond the allowed lateness, or a sum the output contract cannot hold. */
    public static final OutputTag<RejectedRecord> REJECTED = new OutputTag<>("gmv-too-late", TypeInformation.of(RejectedRecord.class));

    /** The output contract's precision: a sum beyond it would fail the sink on every retry, so it is dead-lettered instead. */
    static final int CONTRACT_PRECISION = ((Number) com.wholesaleos.schemas.gmv.GmvMinute.getClassSchema().getField("gmv").schema()
            .getObjectProp("precision")).intValue();

    /** Window name of a day's history total (entries dated before the live horizon), published on its own topic. */
    public static final String HISTORY = "HISTORY";
    static final long HISTORY_EMIT_MS = 1_000;

    private final GmvWindow window;
    private final long allowedLatenessMs;
    private final long emitIntervalMs;
    private final long liveHorizonMs;
    private transient ValueState<GmvWindowValue> value;
    private transient ValueState<GmvWindowValue> history;
    private transient ValueState<Long> historyPending;
    private transient org.apache.flink.metrics.Counter beforeHorizon;
    private transient ValueState<Long> lastEmittedAt;
    private transient ValueState<Long> pendingEmit;

    public GmvWindowFunction(GmvWindow window, long allowedLatenessMs) { this(window, allowedLatenessMs, 0, 0); }

    public GmvWindowFunction(GmvWindow window, long allowedLatenessMs, long emitIntervalMs) { this(window, allowedLatenessMs, emitIntervalMs, 0); }

    /**
     * @param emitIntervalMs a window's value goes out at once when it last went out longer ago than this, else once at
     *                       the end of the interval with everything that arrived meanwhile (0: on every change). Under
     *                       load (a backlog, a busy day total) this turns thousands of upserts per key into a few.
     * @param liveHorizonMs  entries dated more than this before the processing time are history, not live: the day
     *                       function adds them to its day's history total (published at most once a second per day
     *                       on wos.gmv.history, and counted in the entriesBeforeLiveHorizon metric), the minute function
     *                       leaves them out; neither dead-letters them. 0: no horizon.
     */
    public GmvWindowFunction(GmvWindow window, long allowedLatenessMs, long emitIntervalMs, long liveHorizonMs) {
        this.window = window;
        this.allowedLatenessMs = allowedLatenessMs;
        this.emitIntervalMs = emitIntervalMs;
        this.liveHorizonMs = liveHorizonMs;
    }

    @Override
    public void open(OpenContext context) {
        value = getRuntimeContext().getState(new ValueStateDescriptor<>("gmv-window", TypeInformation.of(GmvWindowValue.class)));
        lastEmittedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("last-emitted-at", org.apache.flink.api.common.typeinfo.Types.LONG));
        pendingEmit = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-emit", org.apache.flink.api.common.typeinfo.Types.LONG));
        history = getRuntimeContext().getState(new ValueStateDescriptor<>("gmv-history", TypeInformation.of(GmvWindowValue.class)));
        historyPending = getRuntimeContext().getState(new ValueStateDescriptor<>("history-pending", org.apache.flink.api.common.typeinfo.Types.LONG));
        beforeHorizon = getRuntimeContext().getMetricGroup().counter("entriesBeforeLiveHorizon");
    }

    @Override
    public void processElement(GmvEntry e, Context ctx, Collector<GmvWindowValue> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        if (liveHorizonMs > 0 && e.eventTimeMs < now - liveHorizonMs) {
            if (window == GmvWindow.DAY) addToHistory(e, ctx);
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (window.tooLate(e.eventTimeMs, watermark, allowedLatenessMs)) {
            RejectedRecord r = new RejectedRecord();
            r.stage = "live-gmv";
            r.reason = "GMV entry beyond allowed lateness: window " + window + " " + ctx.getCurrentKey() + " closed (watermark "
                    + watermark + ", allowed lateness " + allowedLatenessMs + " ms)";
            r.key = ctx.getCurrentKey().getBytes(StandardCharsets.UTF_8);
            r.payload = lateEntry(ctx.getCurrentKey(), e);
            r.errorClass = LateGmvEntry.getClassSchema().getFullName(); // marks the payload for wos dlq replay
            r.failedAtMs = System.currentTimeMillis();
            ctx.output(REJECTED, r);
            return;
        }
        GmvWindowValue v = value.value();
        BigDecimal sum = (v == null ? BigDecimal.ZERO.setScale(2) : v.gmv).add(e.amount);
        if (sum.precision() > CONTRACT_PRECISION || e.amount.scale() > 2) {
            RejectedRecord r = new RejectedRecord();
            r.stage = "live-gmv";
            r.reason = "GMV window " + window + " " + ctx.getCurrentKey() + " cannot hold " + sum.toPlainString() + ": the output contract's gmv is decimal("
                    + CONTRACT_PRECISION + ",2); the entry was not added";
            r.key = ctx.getCurrentKey().getBytes(StandardCharsets.UTF_8);
            r.payload = e.toString().getBytes(StandardCharsets.UTF_8);
            r.failedAtMs = System.currentTimeMillis();
            ctx.output(REJECTED, r);
            return;
        }
        if (v == null) {
            v = new GmvWindowValue();
            v.window = window.name();
            v.key = ctx.getCurrentKey();
            v.windowStartMs = window.start(e.eventTimeMs);
            v.currency = e.currency;
            if (window == GmvWindow.MINUTE) {
                v.regionId = e.regionId;
                v.categoryId = e.categoryId;
                v.segment = e.segment;
            }
            v.gmv = BigDecimal.ZERO.setScale(2);
            ctx.timerService().registerEventTimeTimer(window.end(e.eventTimeMs) + allowedLatenessMs);
        }
        v.gmv = sum;
        v.entries++;
        v.lastCommitTimeMs = Math.max(v.lastCommitTimeMs, e.triggerCommitTimeMs);
        value.update(v);
        if (emitIntervalMs <= 0) {
            out.collect(v);
            return;
        }
        if (pendingEmit.value() != null) return; // goes out with the pending emission
        Long last = lastEmittedAt.value();
        if (last == null || now - last >= emitIntervalMs) {
            out.collect(v);
            lastEmittedAt.update(now);
        } else {
            long at = last + emitIntervalMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            pendingEmit.update(at);
        }
    }

    /** A history entry: into its day's history total, published within a second (coalesced: a bulk load is many). */
    private void addToHistory(GmvEntry e, Context ctx) throws Exception {
        beforeHorizon.inc();
        GmvWindowValue h = history.value();
        if (h == null) {
            h = new GmvWindowValue();
            h.window = HISTORY;
            h.key = ctx.getCurrentKey();
            h.windowStartMs = window.start(e.eventTimeMs);
            h.currency = e.currency;
            h.gmv = BigDecimal.ZERO.setScale(2);
        }
        h.gmv = h.gmv.add(e.amount);
        h.entries++;
        h.lastCommitTimeMs = Math.max(h.lastCommitTimeMs, e.triggerCommitTimeMs);
        history.update(h);
        if (historyPending.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + HISTORY_EMIT_MS;
            ctx.timerService().registerProcessingTimeTimer(at);
            historyPending.update(at);
        }
    }

    /** What wos dlq replay needs to add the entry to the closed window's last published value. */
    private byte[] lateEntry(String key, GmvEntry e) {
        try {
            java.nio.ByteBuffer b = LateGmvEntry.newBuilder().setWindow(window.name()).setKey(key).setEventTimeMs(e.eventTimeMs)
                    .setRegionId(e.regionId).setCategoryId(e.categoryId).setSegment(e.segment).setCurrency(e.currency).setAmount(e.amount)
                    .setTriggerCommitTimeMs(e.triggerCommitTimeMs).build().toByteBuffer();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GmvWindowValue> out) throws Exception {
        if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.PROCESSING_TIME) {
            Long historyAt = historyPending.value();
            if (historyAt != null && historyAt <= timestamp) {
                out.collect(history.value());
                historyPending.clear();
            }
            Long pending = pendingEmit.value();
            if (pending != null && pending <= timestamp) {
                GmvWindowValue v = value.value();
                if (v != null) out.collect(v);
                pendingEmit.clear();
                lastEmittedAt.update(timestamp);
            }
            return;
        }
        // Event time: the window is past its allowed lateness. What is pending goes out first.
        Long pending = pendingEmit.value();
        if (pending != null) {
            GmvWindowValue v = value.value();
            if (v != null) out.collect(v);
            ctx.timerService().deleteProcessingTimeTimer(pending);
        }
        value.clear();
        lastEmittedAt.clear();
        pendingEmit.clear();
    }
}
