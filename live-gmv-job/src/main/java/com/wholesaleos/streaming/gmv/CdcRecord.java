package com.wholesaleos.streaming.gmv;

import com.wholesaleos.streaming.cdc.ChangeFact;
import java.math.BigDecimal;

/**
 * One change of an order, an order line or a refund, flattened from its Avro contract for the GMV job;
 * or, with {@code kind == REJECTED}, a record that could not be decoded (kept whole for the dead-letter topic).
 * A Flink POJO: public fields, no-arg constructor, no Kryo.
 */
public class CdcRecord extends ChangeFact {
    public static final String ORDER = "ORDER";
    public static final String ITEM = "ITEM";
    public static final String REFUND = "REFUND";
    public static final String REJECTED = "REJECTED";

    public String kind;
    public String op;
    public long orderId;
    public long lsn;
    public long commitTimeMs;
    /**
     * When it happened in the marketplace's own clock, which dates GMV: a status change's {@code orders.updated_at}
     * (stamped with each transition, equal to its {@code order_status_history.changed_at}), a refund's
     * {@code created_at}; a line's commit time (lines count when their order is confirmed, not on their own).
     */
    public long businessTimeMs;

    // ORDER
    public String status;
    public long regionId;
    public String segment;
    public String currency;
    // ITEM and REFUND
    public int lineNo;
    public long categoryId;
    public BigDecimal amount;
    public long refundId;

    public CdcRecord() {}

    public static CdcRecord order(long orderId, long lsn, long commitTimeMs, String status, long regionId, String segment, String currency) {
        CdcRecord r = base(ORDER, orderId, lsn, commitTimeMs);
        r.status = status;
        r.regionId = regionId;
        r.segment = segment;
        r.currency = currency;
        return r;
    }

    public static CdcRecord item(long orderId, long lsn, long commitTimeMs, int lineNo, long categoryId, BigDecimal lineTotal) {
        CdcRecord r = base(ITEM, orderId, lsn, commitTimeMs);
        r.lineNo = lineNo;
        r.categoryId = categoryId;
        r.amount = lineTotal;
        return r;
    }

    public static CdcRecord refund(long orderId, long lsn, long commitTimeMs, long refundId, int lineNo, BigDecimal amount) {
        CdcRecord r = base(REFUND, orderId, lsn, commitTimeMs);
        r.refundId = refundId;
        r.lineNo = lineNo;
        r.amount = amount;
        return r;
    }

    /** Stands for a record that cannot be decoded, dated by its Kafka timestamp. */
    public static CdcRecord rejected(long timestampMs) {
        CdcRecord r = new CdcRecord();
        r.kind = REJECTED;
        r.commitTimeMs = timestampMs;
        r.businessTimeMs = timestampMs;
        return r;
    }

    private static CdcRecord base(String kind, long orderId, long lsn, long commitTimeMs) {
        CdcRecord r = new CdcRecord();
        r.kind = kind;
        r.op = "CREATE";
        r.orderId = orderId;
        r.lsn = lsn;
        r.commitTimeMs = commitTimeMs;
        r.businessTimeMs = commitTimeMs;
        return r;
    }

    @Override
    public String toString() {
        return kind + "{order=" + orderId + ", lsn=" + lsn + ", at=" + commitTimeMs + (status != null ? ", status=" + status : "")
                + (amount != null ? ", line=" + lineNo + ", amount=" + amount : "") + (reason != null ? ", reason=" + reason : "") + "}";
    }
}
