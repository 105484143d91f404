package com.wholesaleos.streaming.gmv;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.streaming.cdc.RejectedRecord;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Watermarks driven by hand: a late correction updates its window; one beyond the allowed lateness is dead-lettered. */
class GmvWindowFunctionHarnessTest {
    static final long T0 = 1_700_000_040_000L; // a minute boundary
    static final long LATENESS = 60_000;

    static GmvEntry entry(long at, String amount) {
        return new GmvEntry(at, 1, 2, "chain", "USD", new BigDecimal(amount), at);
    }

    @Test
    void lateCorrectionsUpdateTheirWindowUntilTheAllowedLatenessRunsOut() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, GmvEntry, GmvWindowValue> h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new GmvWindowFunction(GmvWindow.MINUTE, LATENESS), e -> GmvWindow.MINUTE.key(e), Types.STRING)) {
            h.processElement(entry(T0 + 1_000, "10.00"), T0 + 1_000);
            h.processElement(entry(T0 + 2_000, "5.50"), T0 + 2_000);
            h.processWatermark(T0 + 90_000); // the window [T0, T0+60s) has ended, within the allowed lateness
            h.processElement(entry(T0 + 3_000, "-3.25"), T0 + 3_000);

            List<GmvWindowValue> values = h.extractOutputValues();
            assertEquals(List.of("10.00", "15.50", "12.25"), values.stream().map(v -> v.gmv.toPlainString()).toList(),
                    "every change, including the late correction, upserts the window's new value");
            assertEquals(T0, values.get(2).windowStartMs);

            h.processWatermark(T0 + 60_000 + LATENESS); // end + allowed lateness: state released
            h.processElement(entry(T0 + 4_000, "1.00"), T0 + 4_000);
            assertEquals(3, h.extractOutputValues().size(), "no upsert from a window whose state is gone");
            var late = h.getSideOutput(GmvWindowFunction.REJECTED);
            assertNotNull(late);
            assertEquals(1, late.size());
            RejectedRecord r = late.stream().map(StreamRecord::getValue).findFirst().orElseThrow();
            assertTrue(r.reason.contains("beyond allowed lateness"), r.reason);
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void entriesDatedBeforeTheLiveHorizonAreHistoryNeitherWindowedNorDeadLettered() throws Exception {
        long day = 86_400_000L;
        long now = T0 + 3 * day;
        try (KeyedOneInputStreamOperatorTestHarness<String, GmvEntry, GmvWindowValue> h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new GmvWindowFunction(GmvWindow.DAY, LATENESS, 0, day), e -> GmvWindow.DAY.key(e), Types.STRING)) {
            h.setProcessingTime(now);
            h.processWatermark(now);
            h.processElement(entry(T0 + 1_000, "10.00"), T0 + 1_000); // three days old: history
            h.processElement(entry(T0 + 2_000, "-2.50"), T0 + 2_000);
            long yesterday = now - 23 * 3_600_000L; // within the horizon, its day closed past the lateness
            h.processElement(entry(yesterday, "1.00"), yesterday);
            assertEquals(List.of(), h.extractOutputValues(), "history is not in the live windows");
            assertEquals(1, h.getSideOutput(GmvWindowFunction.REJECTED).size(), "a recent late correction is still dead-lettered");

            h.setProcessingTime(now + GmvWindowFunction.HISTORY_EMIT_MS);
            List<GmvWindowValue> out = h.extractOutputValues();
            assertEquals(1, out.size(), "the day's history total, once for both entries");
            assertEquals(GmvWindowFunction.HISTORY, out.get(0).window);
            assertEquals("7.50", out.get(0).gmv.toPlainString());
            assertEquals(2, out.get(0).entries);
            assertEquals(GmvWindow.DAY.start(T0), out.get(0).windowStartMs);
        }
    }

    @Test
    void aSumTheOutputContractCannotHoldIsDeadLetteredAndTheWindowKeepsCounting() throws Exception {
        String nearMax = "9".repeat(36) + ".00"; // decimal(38,2) at its maximum: two of them do not fit
        try (KeyedOneInputStreamOperatorTestHarness<String, GmvEntry, GmvWindowValue> h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new GmvWindowFunction(GmvWindow.MINUTE, LATENESS), e -> GmvWindow.MINUTE.key(e), Types.STRING)) {
            h.processElement(entry(T0 + 1_000, nearMax), T0 + 1_000);
            h.processElement(entry(T0 + 2_000, nearMax), T0 + 2_000);
            h.processElement(entry(T0 + 3_000, "-1.00"), T0 + 3_000);
            List<GmvWindowValue> values = h.extractOutputValues();
            assertEquals(List.of(nearMax, new BigDecimal(nearMax).subtract(BigDecimal.ONE).toPlainString()),
                    values.stream().map(v -> v.gmv.toPlainString()).toList(), "the oversized entry was not added; the next one was");
            var rejected = h.getSideOutput(GmvWindowFunction.REJECTED);
            assertEquals(1, rejected.size());
            String reason = rejected.peek().getValue().reason;
            assertTrue(reason.contains("decimal(38,2)"), reason);
        }
    }

    @Test
    void underLoadAWindowGoesOutOncePerIntervalWithEverythingThatArrived() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, GmvEntry, GmvWindowValue> h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new GmvWindowFunction(GmvWindow.MINUTE, LATENESS, 100), e -> GmvWindow.MINUTE.key(e), Types.STRING)) {
            h.setProcessingTime(1_000);
            h.processElement(entry(T0 + 1_000, "1.00"), T0 + 1_000); // quiet key: out at once
            h.processElement(entry(T0 + 2_000, "2.00"), T0 + 2_000);
            h.processElement(entry(T0 + 3_000, "4.00"), T0 + 3_000);
            assertEquals(List.of("1.00"), h.extractOutputValues().stream().map(v -> v.gmv.toPlainString()).toList());
            h.setProcessingTime(1_100);
            assertEquals(List.of("1.00", "7.00"), h.extractOutputValues().stream().map(v -> v.gmv.toPlainString()).toList(),
                    "one upsert for the two that arrived within the interval");
            h.setProcessingTime(1_500);
            h.processElement(entry(T0 + 4_000, "8.00"), T0 + 4_000); // quiet again: out at once
            assertEquals("15.00", h.extractOutputValues().get(2).gmv.toPlainString());
            h.processElement(entry(T0 + 5_000, "16.00"), T0 + 5_000); // pending when the window closes: out before its state goes
            h.processWatermark(T0 + 60_000 + LATENESS);
            List<String> all = h.extractOutputValues().stream().map(v -> v.gmv.toPlainString()).toList();
            assertEquals("31.00", all.get(all.size() - 1));
            assertEquals(0, h.numKeyedStateEntries());
        }
    }
}
