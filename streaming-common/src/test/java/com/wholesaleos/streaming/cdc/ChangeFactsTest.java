package com.wholesaleos.streaming.cdc;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.cdc.Operation;
import com.wholesaleos.schemas.cdc.Order;
import com.wholesaleos.schemas.cdc.Refund;
import com.wholesaleos.schemas.cdc.RefundChange;
import com.wholesaleos.schemas.cdc.SourcePosition;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ChangeFactsTest {
    /** A job's fact for the test: the refund's id and amount, or a rejected record. */
    public static class RefundFact extends ChangeFact {
        public long refundId;
        public BigDecimal amount;
        public String op;
        public long atMs;

        static RefundFact of(Change<Refund> c) {
            if (c.after() == null) return null;
            RefundFact f = new RefundFact();
            f.refundId = c.after().getId();
            f.amount = c.after().getAmount();
            f.op = c.op();
            f.atMs = c.commitTimeMs();
            return f;
        }

        static RefundFact rejected(long timestampMs) {
            RefundFact f = new RefundFact();
            f.atMs = timestampMs;
            return f;
        }
    }

    private static final ChangeFacts<RefundFact> REFUNDS = ChangeFacts.of(RefundFact.class, RefundFact::rejected)
            .on(ChangeTopic.REFUNDS, Refund.class, RefundFact::of);

    private static byte[] refundChange(Operation op, Refund before, Refund after) throws Exception {
        SourcePosition source = SourcePosition.newBuilder().setLsn(42).setCommitTimeMs(1_700_000_000_000L).setSnapshot(false)
                .setTable("refunds").setCapturedAtMs(1_700_000_000_100L).build();
        ByteBuffer b = RefundChange.newBuilder().setOp(op).setBefore(before).setAfter(after).setSource(source).build().toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static Refund refund(long id, String amount) {
        return Refund.newBuilder().setId(id).setOrderId(7).setLineNo(1).setAmount(new BigDecimal(amount)).setReason("damaged")
                .setCreatedAt(Instant.parse("2023-11-14T22:13:20Z")).build();
    }

    private static List<RefundFact> read(String topic, long offset, byte[] value) {
        List<RefundFact> out = new ArrayList<>();
        REFUNDS.deserialize(new ConsumerRecord<>(topic, 2, offset, "9".getBytes(StandardCharsets.UTF_8), value), new ListCollector<>(out));
        return out;
    }

    @Test
    void aChangeBecomesTheJobsFactWithItsSourcePosition() throws Exception {
        List<RefundFact> facts = read("wos.cdc.refunds", 17, refundChange(Operation.CREATE, null, refund(9, "12.50")));
        assertEquals(1, facts.size());
        RefundFact f = facts.get(0);
        assertEquals(9, f.refundId);
        assertEquals(new BigDecimal("12.50"), f.amount, "decimals arrive exact, at the contract's scale");
        assertEquals("CREATE", f.op);
        assertEquals(1_700_000_000_000L, f.atMs);
        assertEquals("wos.cdc.refunds", f.topic);
        assertEquals(2, f.partition);
        assertEquals(17, f.offset);
        assertNull(f.reason);
    }

    @Test
    void aChangeTheMappingSkipsEmitsNothing() throws Exception {
        assertEquals(List.of(), read("wos.cdc.refunds", 3, refundChange(Operation.DELETE, refund(9, "1.00"), null)));
    }

    @Test
    void anUndecodableRecordBecomesARejectedFactKeepingItsBytesAndTheReason() {
        byte[] garbage = {1, 2, 3};
        List<RefundFact> facts = read("wos.cdc.refunds", 5, garbage);
        assertEquals(1, facts.size());
        RefundFact f = facts.get(0);
        assertTrue(f.reason.startsWith("cannot decode a wos.cdc.refunds record at offset 5"), f.reason);
        assertArrayEquals(garbage, f.payload);
        assertArrayEquals("9".getBytes(StandardCharsets.UTF_8), f.key);
        RejectedRecord letter = f.undecodable("test-stage");
        assertEquals("wos.cdc.refunds", letter.topic);
        assertEquals(5, letter.offset);
        assertEquals(f.reason, letter.reason);
    }

    @Test
    void aRecordWithoutValueOrFromATopicTheJobDoesNotReadIsRejected() throws Exception {
        assertTrue(read("wos.cdc.refunds", 1, null).get(0).reason.contains("record has no value"));
        assertTrue(read("wos.cdc.orders", 1, refundChange(Operation.CREATE, null, refund(1, "1.00"))).get(0).reason
                .contains("not an input of this job"));
    }

    @Test
    void aMappingDeclaredWithAnotherTablesRowFailsAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChangeFacts.of(RefundFact.class, RefundFact::rejected).on(ChangeTopic.REFUNDS, Order.class, c -> null));
        assertTrue(e.getMessage().contains("wos.cdc.refunds carries com.wholesaleos.schemas.cdc.Refund rows"), e.getMessage());
    }

    @Test
    void theTopicsAreThoseDeclared() {
        assertEquals(List.of("wos.cdc.refunds"), REFUNDS.topicNames());
    }

    @Test
    void aFactAnOperatorFailsOnIsDeadLetteredAtItsSourcePosition() throws Exception {
        RefundFact f = read("wos.cdc.refunds", 17, refundChange(Operation.CREATE, null, refund(9, "12.50"))).get(0);
        RejectedRecord letter = f.failedIn("test-stage", "ledger", new IllegalStateException("boom"));
        assertEquals("test-stage", letter.stage);
        assertEquals(17, letter.offset);
        assertEquals(2, letter.partition);
        assertTrue(letter.reason.startsWith("ledger failed on "), letter.reason);
        assertEquals(IllegalStateException.class.getName(), letter.errorClass);
    }
}
