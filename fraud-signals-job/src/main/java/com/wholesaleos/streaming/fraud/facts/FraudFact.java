package com.wholesaleos.streaming.fraud.facts;

import com.wholesaleos.streaming.cdc.ChangeFact;
import java.math.BigDecimal;

/**
 * One fact the fraud rules use: a decoded change of a marketplace row, or a fact derived from several (an order with
 * its lines, a retailer seen behind a device). One flat Flink POJO for every kind keeps the job's streams uniform and
 * off Kryo; a field a kind does not use stays at its default.
 *
 * <p>{@code atMs} is business time (the row's own timestamp); {@code commitMs} the source commit time of the change
 * that led here, carried through so an alert can report commit-to-alert latency.
 */
public class FraudFact extends ChangeFact {
    // Decoded changes
    public static final String RETAILER = "RETAILER";
    public static final String MANUFACTURER = "MANUFACTURER";
    public static final String PRODUCT = "PRODUCT";
    public static final String ORDER = "ORDER";
    public static final String ITEM = "ITEM";
    public static final String PAYMENT = "PAYMENT";
    public static final String REFUND = "REFUND";
    public static final String REFERRAL = "REFERRAL";
    public static final String REJECTED = "REJECTED";
    // Derived
    /** An order with all its lines (their sum equals the order's total), with its retailer's facts. */
    public static final String ORDER_PLACED = "ORDER_PLACED";
    /** A status change of a known order, with its retailer. */
    public static final String ORDER_STATUS = "ORDER_STATUS";
    /** A retailer seen behind an attribute value (attrKind: address, device, instrument, phone). */
    public static final String ATTRIBUTE_SEEN = "ATTRIBUTE_SEEN";
    /** A referral checked at one of its referee's attribute values. */
    public static final String REFERRAL_ATTRIBUTE = "REFERRAL_ATTRIBUTE";
    /** A manufacturer's own device or payout instrument. */
    public static final String MANUFACTURER_ATTRIBUTE = "MANUFACTURER_ATTRIBUTE";
    /** A purchase through a device or instrument, with the manufacturers whose products it bought. */
    public static final String PURCHASE = "PURCHASE";
    /** A judgement a retailer could not make with its own history, handed to its segment or category. */
    public static final String FALLBACK = "FALLBACK";

    public String kind;
    public String op = "CREATE";
    public long lsn;
    public long atMs;
    public long commitMs;

    public long retailerId;
    public long orderId;
    public long productId;
    public long manufacturerId;
    public long categoryId;
    public long paymentId;
    public long refundId;
    public long referralId;
    public long referrerId;
    public long refereeId;
    public int lineNo;
    public int quantity;

    public String status;
    public String segment;
    public String phone;
    public String address;
    public String device;
    public String instrument;
    public String failureReason;
    public String attrKind;
    public String attrValue;
    /** Comma-separated manufacturer ids (PURCHASE, ORDER_PLACED). */
    public String manufacturers;
    /** What a FALLBACK asks: velocity or amount. */
    public String question;

    public BigDecimal amount;
    public BigDecimal previousAmount;
    public long signupAtMs;
    public long rewardedAtMs;
    public long count;

    public FraudFact() {}

    public static FraudFact of(String kind, long lsn, long atMs, long commitMs) {
        FraudFact f = new FraudFact();
        f.kind = kind;
        f.lsn = lsn;
        f.atMs = atMs;
        f.commitMs = commitMs;
        return f;
    }

    /** Stands for a record that cannot be decoded, dated by its Kafka timestamp. */
    public static FraudFact rejected(long timestampMs) {
        return of(REJECTED, -1, timestampMs, timestampMs);
    }

    /** A fact derived from this one: same time and commit, new kind; the caller fills the rest. */
    public FraudFact derive(String newKind) {
        FraudFact f = of(newKind, lsn, atMs, commitMs);
        f.retailerId = retailerId;
        f.orderId = orderId;
        f.segment = segment;
        f.signupAtMs = signupAtMs;
        return f;
    }

    public FraudFact copy() {
        FraudFact f = derive(kind);
        f.op = op;
        f.productId = productId;
        f.manufacturerId = manufacturerId;
        f.categoryId = categoryId;
        f.paymentId = paymentId;
        f.refundId = refundId;
        f.referralId = referralId;
        f.referrerId = referrerId;
        f.refereeId = refereeId;
        f.lineNo = lineNo;
        f.quantity = quantity;
        f.status = status;
        f.phone = phone;
        f.address = address;
        f.device = device;
        f.instrument = instrument;
        f.failureReason = failureReason;
        f.attrKind = attrKind;
        f.attrValue = attrValue;
        f.manufacturers = manufacturers;
        f.question = question;
        f.amount = amount;
        f.previousAmount = previousAmount;
        f.rewardedAtMs = rewardedAtMs;
        f.count = count;
        f.topic = topic;
        f.partition = partition;
        f.offset = offset;
        return f;
    }

    @Override
    public String toString() {
        return kind + "{lsn=" + lsn + ", at=" + atMs + (retailerId != 0 ? ", retailer=" + retailerId : "") + (orderId != 0 ? ", order=" + orderId : "")
                + (productId != 0 ? ", product=" + productId : "") + (status != null ? ", status=" + status : "")
                + (amount != null ? ", amount=" + amount : "") + (attrKind != null ? ", " + attrKind + "=" + attrValue : "")
                + (reason != null ? ", reason=" + reason : "") + "}";
    }
}
