package com.wholesaleos.streaming.gmv;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderLedgerTest {
    static final long T0 = 1_700_000_000_000L;

    static CdcRecord order(long lsn, long at, String status) { return CdcRecord.order(7, lsn, at, status, 3, "chain", "USD"); }
    static CdcRecord item(long lsn, int line, long category, String total) { return CdcRecord.item(7, lsn, T0, line, category, new BigDecimal(total)); }
    static CdcRecord refund(long lsn, long at, long id, int line, String amount) { return CdcRecord.refund(7, lsn, at, id, line, new BigDecimal(amount)); }

    static BigDecimal sum(List<GmvEntry> entries) {
        return entries.stream().map(e -> e.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static List<GmvEntry> applyAll(OrderLedger l, List<CdcRecord> changes) {
        List<GmvEntry> out = new ArrayList<>();
        for (CdcRecord c : changes) out.addAll(l.apply(c));
        return out;
    }

    @Test
    void countsAtConfirmationNotAtPlacement() {
        OrderLedger l = new OrderLedger();
        assertTrue(applyAll(l, List.of(order(1, T0, "placed"), item(2, 1, 10, "100.10"), item(3, 2, 11, "50.05"))).isEmpty());
        List<GmvEntry> e = l.apply(order(10, T0 + 60_000, "confirmed"));
        assertEquals(new BigDecimal("150.15"), sum(e));
        assertTrue(e.stream().allMatch(x -> x.eventTimeMs == T0 + 60_000 && x.regionId == 3 && "chain".equals(x.segment)));
        assertTrue(l.apply(order(11, T0 + 120_000, "shipped")).isEmpty());
    }

    @Test
    void cancellationAfterConfirmationReversesAtItsOwnTime() {
        OrderLedger l = new OrderLedger();
        List<GmvEntry> e = applyAll(l, List.of(order(1, T0, "placed"), item(2, 1, 10, "80.00"), order(5, T0 + 1000, "confirmed"),
                order(9, T0 + 90_000, "cancelled")));
        assertEquals(0, sum(e).signum());
        assertEquals(new BigDecimal("-80.00"), e.get(1).amount);
        assertEquals(T0 + 90_000, e.get(1).eventTimeMs);
    }

    @Test
    void cancellationBeforeConfirmationNeverCounts() {
        OrderLedger l = new OrderLedger();
        assertTrue(applyAll(l, List.of(order(1, T0, "placed"), item(2, 1, 10, "80.00"), order(9, T0 + 5, "cancelled"))).isEmpty());
    }

    @Test
    void partialAndFullRefundsReverseTheirAmountsOnTheirLinesCategories() {
        OrderLedger l = new OrderLedger();
        List<GmvEntry> e = applyAll(l, List.of(order(1, T0, "placed"), item(2, 1, 10, "100.00"), item(3, 2, 11, "40.00"),
                order(5, T0 + 1, "confirmed"), order(6, T0 + 2, "delivered"),
                refund(7, T0 + 3, 1, 2, "15.50")));
        assertEquals(new BigDecimal("124.50"), sum(e));
        GmvEntry partial = e.get(e.size() - 1);
        assertEquals(11, partial.categoryId);
        assertEquals(T0 + 3, partial.eventTimeMs);
        e.addAll(applyAll(l, List.of(refund(8, T0 + 4, 2, 1, "100.00"), refund(9, T0 + 4, 3, 2, "24.50"), order(10, T0 + 4, "refunded"))));
        assertEquals(0, sum(e).signum());
    }

    @Test
    void duplicatesFromAReplayCountOnce() {
        OrderLedger l = new OrderLedger();
        List<CdcRecord> changes = List.of(order(1, T0, "placed"), item(2, 1, 10, "10.00"), order(5, T0 + 1, "confirmed"), refund(6, T0 + 2, 1, 1, "1.00"));
        List<GmvEntry> once = applyAll(l, changes);
        assertTrue(applyAll(l, changes).isEmpty());
        assertEquals(new BigDecimal("9.00"), sum(once));
    }

    @Test
    void anyArrivalOrderAcrossTopicsGivesTheSameEntries() {
        // Within a topic the order holds (one partition per key); across topics anything goes.
        List<CdcRecord> orders = List.of(order(1, T0, "placed"), order(5, T0 + 61_000, "confirmed"), order(6, T0 + 62_000, "delivered"));
        List<CdcRecord> items = List.of(item(2, 1, 10, "33.33"), item(3, 2, 12, "66.67"));
        List<CdcRecord> refunds = List.of(refund(7, T0 + 125_000, 1, 2, "6.67"));
        OrderLedger reference = new OrderLedger();
        List<CdcRecord> inOrder = new ArrayList<>(orders.subList(0, 1));
        inOrder.addAll(items);
        inOrder.addAll(orders.subList(1, 3));
        inOrder.addAll(refunds);
        List<String> expected = describe(applyAll(reference, inOrder));
        Random random = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            List<CdcRecord> merged = interleave(random, orders, items, refunds);
            assertEquals(expected, describe(applyAll(new OrderLedger(), merged)), "arrival " + merged);
        }
    }

    @Test
    void statusChangesOfOneOrderMayArriveOutOfOrder() {
        OrderLedger l = new OrderLedger();
        List<GmvEntry> e = applyAll(l, List.of(item(2, 1, 10, "80.00"), order(9, T0 + 90_000, "cancelled"), order(1, T0, "placed"),
                order(5, T0 + 1000, "confirmed")));
        assertEquals(List.of(T0 + 1000 + "/10/80.00", T0 + 90_000 + "/10/-80.00"), describe(e));
    }

    @Test
    void anEarlierConfirmationArrivingLateMovesWhatWasCounted() {
        OrderLedger l = new OrderLedger();
        List<GmvEntry> e = applyAll(l, List.of(item(2, 1, 10, "80.00"), order(6, T0 + 120_000, "shipped")));
        assertEquals(List.of(T0 + 120_000 + "/10/80.00"), describe(e), "counted at the first confirmed-or-later change known");
        List<GmvEntry> moved = l.apply(order(5, T0 + 1000, "confirmed"));
        assertEquals(List.of(T0 + 1000 + "/10/80.00", T0 + 120_000 + "/10/-80.00"), describe(moved), "retracted and counted at the confirmation");
    }

    @Test
    void stateSurvivesSerialisation() {
        OrderLedger l = new OrderLedger();
        applyAll(l, List.of(order(1, T0, "placed"), item(2, 1, 10, "12.34"), order(5, T0 + 1, "confirmed"), refund(6, T0 + 2, 4, 1, "0.34")));
        OrderLedger restored = OrderLedger.fromBytes(l.toBytes());
        assertArrayEquals(l.toBytes(), restored.toBytes());
        assertTrue(restored.apply(order(5, T0 + 1, "confirmed")).isEmpty());
        // Cancelling a partly refunded order reverses the rest: the order nets to zero.
        assertEquals(new BigDecimal("-12.00"), sum(restored.apply(order(9, T0 + 3, "cancelled"))));
    }

    /** Format 1, as checkpoints written before format 2 hold it: facts, then what was counted (keys as text). */
    @Test
    void readsTheFirstStateFormat() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        var out = new java.io.DataOutputStream(bytes);
        out.writeByte(1);
        out.writeLong(3);
        out.writeUTF("chain");
        out.writeUTF("USD");
        out.writeInt(2); // statuses
        out.writeLong(1); out.writeUTF("placed"); out.writeLong(T0);
        out.writeLong(5); out.writeUTF("confirmed"); out.writeLong(T0 + 1);
        out.writeInt(1); // lines
        out.writeInt(1); out.writeLong(10); decimal(out, new BigDecimal("12.34")); out.writeLong(2);
        out.writeInt(0); // refunds
        out.writeInt(1); // counted
        out.writeUTF("c:1"); out.writeLong(T0 + 1); out.writeLong(3); out.writeLong(10); out.writeUTF("chain"); out.writeUTF("USD");
        decimal(out, new BigDecimal("12.34"));
        OrderLedger restored = OrderLedger.fromBytes(bytes.toByteArray());
        assertTrue(restored.apply(item(2, 1, 10, "12.34")).isEmpty(), "what format 1 had counted is known: a replay adds nothing");
        assertEquals(new BigDecimal("-12.34"), sum(restored.apply(order(9, T0 + 3, "cancelled"))));
    }

    private static void decimal(java.io.DataOutputStream out, BigDecimal d) throws java.io.IOException {
        byte[] unscaled = d.unscaledValue().toByteArray();
        out.writeInt(d.scale());
        out.writeShort(unscaled.length);
        out.write(unscaled);
    }

    private static List<String> describe(List<GmvEntry> entries) {
        List<String> out = new ArrayList<>();
        for (GmvEntry e : entries) out.add(e.eventTimeMs + "/" + e.categoryId + "/" + e.amount);
        Collections.sort(out);
        return out;
    }

    @SafeVarargs
    private static List<CdcRecord> interleave(Random random, List<CdcRecord>... streams) {
        int[] next = new int[streams.length];
        List<CdcRecord> out = new ArrayList<>();
        int remaining = 0;
        for (List<CdcRecord> s : streams) remaining += s.size();
        while (remaining > 0) {
            int i = random.nextInt(streams.length);
            if (next[i] < streams[i].size()) {
                out.add(streams[i].get(next[i]++));
                remaining--;
            }
        }
        return out;
    }
}
