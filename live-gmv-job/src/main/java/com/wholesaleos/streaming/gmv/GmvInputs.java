package com.wholesaleos.streaming.gmv;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.cdc.Order;
import com.wholesaleos.schemas.cdc.OrderItem;
import com.wholesaleos.schemas.cdc.Refund;
import com.wholesaleos.streaming.cdc.Change;
import com.wholesaleos.streaming.cdc.ChangeFacts;

/**
 * What live GMV reads: the order, order line and refund change topics (any released contract version), each change
 * flattened to a {@link CdcRecord}. Deletes count too (a deleted row is read as it was), so the ledger can refuse them.
 */
public final class GmvInputs {
    private GmvInputs() {}

    public static ChangeFacts<CdcRecord> changes() {
        return ChangeFacts.of(CdcRecord.class, CdcRecord::rejected)
                .on(ChangeTopic.ORDERS, Order.class, GmvInputs::order)
                .on(ChangeTopic.ORDER_ITEMS, OrderItem.class, GmvInputs::line)
                .on(ChangeTopic.REFUNDS, Refund.class, GmvInputs::refund);
    }

    static CdcRecord order(Change<Order> c) {
        Order row = required(c.row(), "order");
        CdcRecord r = CdcRecord.order(row.getId(), c.lsn(), c.commitTimeMs(), row.getStatus(), row.getRegionId(), row.getRetailerSegment(),
                row.getCurrency());
        r.op = c.op();
        // Contract timestamps are timestamp-micros; GMV dates to the millisecond (truncating, as SQL's date_trunc does).
        r.businessTimeMs = row.getUpdatedAt().toEpochMilli();
        return r;
    }

    static CdcRecord line(Change<OrderItem> c) {
        OrderItem row = required(c.row(), "order line");
        CdcRecord r = CdcRecord.item(row.getOrderId(), c.lsn(), c.commitTimeMs(), row.getLineNo(), row.getCategoryId(), row.getLineTotal());
        r.op = c.op();
        if (row.getCreatedAt() != null) r.businessTimeMs = row.getCreatedAt().toEpochMilli(); // v4: the line's own time
        return r;
    }

    static CdcRecord refund(Change<Refund> c) {
        Refund row = required(c.row(), "refund");
        CdcRecord r = CdcRecord.refund(row.getOrderId(), c.lsn(), c.commitTimeMs(), row.getId(), row.getLineNo(), row.getAmount());
        r.op = c.op();
        r.businessTimeMs = row.getCreatedAt().toEpochMilli();
        return r;
    }

    private static <R> R required(R row, String what) {
        if (row == null) throw new IllegalArgumentException(what + " change without a row");
        return row;
    }
}
