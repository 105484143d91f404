package com.wholesaleos.streaming.gmv;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.streaming.cdc.RejectedRecord;
import java.math.BigDecimal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The ledger operator's state is bounded: settled orders are released; what arrives after is dead-lettered, never lost. */
class OrderLedgerFunctionHarnessTest {
    static final long T0 = 1_700_000_000_000L;
    static final long REFUND_WINDOW = 3_600_000;
    static final long LATENESS = 60_000;

    static KeyedOneInputStreamOperatorTestHarness<Long, CdcRecord, GmvEntry> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new OrderLedgerFunction(REFUND_WINDOW, LATENESS), r -> r.orderId, Types.LONG);
    }

    /** One order's life: placed, a line, confirmed, delivered, with LSNs and commit times. */
    static void deliveredOrder(KeyedOneInputStreamOperatorTestHarness<Long, CdcRecord, GmvEntry> h, long id, long at) throws Exception {
        long lsn = id * 10;
        h.processElement(CdcRecord.order(id, lsn, at, "placed", 1, "chain", "USD"), at);
        h.processElement(CdcRecord.item(id, lsn + 1, at, 1, 5, new BigDecimal("10.00")), at);
        h.processElement(CdcRecord.order(id, lsn + 2, at + 1, "confirmed", 1, "chain", "USD"), at + 1);
        h.processElement(CdcRecord.order(id, lsn + 3, at + 2, "delivered", 1, "chain", "USD"), at + 2);
    }

    @Test
    void stateStaysFlatWhileOrdersKeepFlowing() throws Exception {
        try (var h = harness()) {
            int perBatch = 200;
            int[] entriesAfterBatch = new int[10];
            long at = T0;
            for (int batch = 0; batch < entriesAfterBatch.length; batch++) {
                for (int i = 0; i < perBatch; i++) deliveredOrder(h, batch * perBatch + i + 1, at);
                at += REFUND_WINDOW + LATENESS + 10;
                h.processWatermark(at); // business time moves on past every settle point so far
                entriesAfterBatch[batch] = h.numKeyedStateEntries();
            }
            // Each released order keeps only its settle time (one entry); an open one keeps its ledger and its release timer.
            int orders = perBatch * entriesAfterBatch.length;
            assertEquals(orders, h.numKeyedStateEntries(), "only the settle markers remain");
            for (int b = 0; b < entriesAfterBatch.length; b++) {
                assertEquals((b + 1) * perBatch, entriesAfterBatch[b], "after batch " + b + ": one 8-byte marker per settled order, no ledgers");
            }
            assertEquals(perBatch * 10 * new BigDecimal("10.00").intValue(),
                    h.extractOutputValues().stream().map(e -> e.amount).reduce(BigDecimal.ZERO, BigDecimal::add).intValue());
        }
    }

    @Test
    void aBackdatedOrderKeepsItsLedgerUntilWhatWasCommittedWithItHasArrived() throws Exception {
        // A bulk load of history: one transaction commits an order cancelled long ago (business time), then its lines,
        // stamped with the commit; other orders' lines have already moved the watermark to the commit.
        long commit = T0 + 100 * REFUND_WINDOW;
        try (var h = harness()) {
            CdcRecord cancelled = CdcRecord.order(11, 110, commit, "cancelled", 1, "chain", "USD");
            cancelled.businessTimeMs = T0;
            h.processElement(cancelled, T0);
            h.processElement(CdcRecord.item(12, 111, commit, 1, 5, new BigDecimal("10.00")), commit);
            h.processWatermark(commit);
            h.processElement(CdcRecord.item(11, 112, commit, 1, 5, new BigDecimal("10.00")), commit);
            var dead = h.getSideOutput(OrderLedgerFunction.FAILED);
            assertTrue(dead == null || dead.isEmpty(), "its own line, committed with it, found its ledger: " + dead);
            // Released once the watermark has passed its commit plus the lateness: bounded as before.
            h.processWatermark(commit + LATENESS + 1);
            h.processElement(CdcRecord.item(11, 113, commit + LATENESS + 2, 2, 5, new BigDecimal("1.00")), commit + LATENESS + 2);
            assertEquals(1, h.getSideOutput(OrderLedgerFunction.FAILED).size(), "a change after its release is dead-lettered");
        }
    }

    @Test
    void aRefundAfterTheWindowIsDeadLetteredWithItsReason() throws Exception {
        try (var h = harness()) {
            deliveredOrder(h, 7, T0);
            h.processElement(CdcRecord.refund(7, 80, T0 + 1_000, 1, 1, new BigDecimal("2.00")), T0 + 1_000); // within the window: counted
            h.processWatermark(T0 + 2 + REFUND_WINDOW + LATENESS);
            CdcRecord late = CdcRecord.refund(7, 90, T0 + 2 * REFUND_WINDOW, 2, 1, new BigDecimal("3.00"));
            late.topic = "wos.cdc.refunds";
            late.offset = 42;
            h.processElement(late, late.commitTimeMs);
            BigDecimal counted = h.extractOutputValues().stream().map(e -> e.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(new BigDecimal("8.00"), counted, "the late refund was not counted against a ledger that is gone");
            var dead = h.getSideOutput(OrderLedgerFunction.FAILED);
            assertEquals(1, dead.size());
            RejectedRecord r = dead.peek().getValue();
            assertTrue(r.reason.contains("settled") && r.reason.contains("gmv.refund-window-ms"), r.reason);
            assertEquals("wos.cdc.refunds", r.topic);
            assertEquals(42, r.offset, "its position, for replay");
        }
    }

    @Test
    void aRefundWithinTheWindowKeepsTheLedgerAndCounts() throws Exception {
        try (var h = harness()) {
            deliveredOrder(h, 8, T0);
            h.processWatermark(T0 + REFUND_WINDOW / 2);
            h.processElement(CdcRecord.refund(8, 95, T0 + REFUND_WINDOW / 2, 3, 1, new BigDecimal("4.00")), T0 + REFUND_WINDOW / 2);
            assertEquals(new BigDecimal("6.00"), h.extractOutputValues().stream().map(e -> e.amount).reduce(BigDecimal.ZERO, BigDecimal::add));
            assertTrue(h.getSideOutput(OrderLedgerFunction.FAILED) == null || h.getSideOutput(OrderLedgerFunction.FAILED).isEmpty());
        }
    }

    @Test
    void aChangeTheLedgerCannotApplyIsDeadLetteredAndTheNextOneIsProcessed() throws Exception {
        try (var h = harness()) {
            CdcRecord bad = CdcRecord.order(9, 1, T0, "placed", 1, "chain", "USD");
            bad.kind = "SHIPMENT"; // not an order change: the ledger throws
            h.processElement(bad, T0);
            deliveredOrder(h, 9, T0 + 10);
            assertEquals(1, h.getSideOutput(OrderLedgerFunction.FAILED).size());
            assertEquals(new BigDecimal("10.00"), h.extractOutputValues().stream().map(e -> e.amount).reduce(BigDecimal.ZERO, BigDecimal::add));
        }
    }
}
