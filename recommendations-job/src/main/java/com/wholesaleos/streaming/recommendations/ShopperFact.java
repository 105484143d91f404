package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.streaming.cdc.ChangeFact;
/**
 * A fact the recommendations read, decoded from a change topic and dated by business time; or a step's output
 * (a completed basket). A Flink POJO: one flat type keeps the keyed steps' serializers simple.
 */
public class ShopperFact extends ChangeFact {
    public static final String ORDER = "order";
    public static final String ITEM = "item";
    public static final String PRODUCT = "product";
    public static final String MANUFACTURER = "manufacturer";
    public static final String RETAILER = "retailer";
    /** An order with all its lines: what the retailer's history learns from. */
    public static final String BASKET = "basket";
    public static final String REJECTED = "rejected";

    public String kind;
    public long lsn;
    public long atMs;
    public long commitMs;
    public long orderId;
    public long retailerId;
    public long regionId;
    public long productId;
    public long categoryId;
    public long manufacturerId;
    public int lineNo;
    /** ORDER: its total; ITEM: the line's total (a basket is complete when its lines add up to the total). */
    public java.math.BigDecimal amount;
    public int lines;
    public String status;
    /** BASKET: product id → category id of its lines. */
    public java.util.HashMap<Long, Long> products;

    public ShopperFact() {}

    public static ShopperFact of(String kind, long lsn, long atMs, long commitMs) {
        ShopperFact f = new ShopperFact();
        f.kind = kind;
        f.lsn = lsn;
        f.atMs = atMs;
        f.commitMs = commitMs;
        return f;
    }

    /** Stands for a record that cannot be decoded, dated by its Kafka timestamp. */
    public static ShopperFact rejected(long timestampMs) {
        return of(REJECTED, -1, timestampMs, timestampMs);
    }

    @Override
    public String toString() {
        return kind + "{order " + orderId + ", retailer " + retailerId + ", product " + productId + ", status " + status + ", lsn " + lsn + ", at " + atMs
                + (topic != null ? ", " + topic + "/" + partition + "@" + offset : "") + "}";
    }
}
