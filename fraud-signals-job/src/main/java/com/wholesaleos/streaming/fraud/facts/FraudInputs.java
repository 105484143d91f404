package com.wholesaleos.streaming.fraud.facts;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.cdc.Manufacturer;
import com.wholesaleos.schemas.cdc.Order;
import com.wholesaleos.schemas.cdc.OrderItem;
import com.wholesaleos.schemas.cdc.Payment;
import com.wholesaleos.schemas.cdc.Product;
import com.wholesaleos.schemas.cdc.Referral;
import com.wholesaleos.schemas.cdc.Refund;
import com.wholesaleos.schemas.cdc.Retailer;
import com.wholesaleos.streaming.cdc.Change;
import com.wholesaleos.streaming.cdc.ChangeFacts;
import java.time.Instant;

/**
 * What the fraud rules read: eight change topics (any released contract version), each change a {@link FraudFact}
 * dated by business time. A delete teaches the rules nothing and is skipped.
 */
public final class FraudInputs {
    private FraudInputs() {}

    public static ChangeFacts<FraudFact> changes() {
        return ChangeFacts.of(FraudFact.class, FraudFact::rejected)
                .on(ChangeTopic.RETAILERS, Retailer.class, FraudInputs::retailer)
                .on(ChangeTopic.MANUFACTURERS, Manufacturer.class, FraudInputs::manufacturer)
                .on(ChangeTopic.PRODUCTS, Product.class, FraudInputs::product)
                .on(ChangeTopic.ORDERS, Order.class, FraudInputs::order)
                .on(ChangeTopic.ORDER_ITEMS, OrderItem.class, FraudInputs::line)
                .on(ChangeTopic.PAYMENTS, Payment.class, FraudInputs::payment)
                .on(ChangeTopic.REFUNDS, Refund.class, FraudInputs::refund)
                .on(ChangeTopic.REFERRALS, Referral.class, FraudInputs::referral);
    }

    static FraudFact retailer(Change<Retailer> c) {
        Retailer r = c.after();
        if (r == null) return null;
        FraudFact f = base(FraudFact.RETAILER, c, ms(r.getSignupAt()));
        f.retailerId = r.getId();
        f.segment = r.getSegment();
        f.status = r.getStatus();
        f.signupAtMs = ms(r.getSignupAt());
        f.phone = r.getContactPhone();
        f.address = r.getDefaultAddress();
        f.device = r.getSignupDevice();
        return f;
    }

    static FraudFact manufacturer(Change<Manufacturer> c) {
        Manufacturer m = c.after();
        if (m == null) return null;
        FraudFact f = base(FraudFact.MANUFACTURER, c, ms(m.getCreatedAt()));
        f.manufacturerId = m.getId();
        f.status = m.getStatus();
        f.instrument = m.getPayoutInstrument();
        f.device = m.getDeviceId();
        return f;
    }

    static FraudFact product(Change<Product> c) {
        Product p = c.after();
        if (p == null) return null;
        FraudFact f = base(FraudFact.PRODUCT, c, ms(p.getUpdatedAt() != null ? p.getUpdatedAt() : p.getCreatedAt()));
        f.productId = p.getId();
        f.manufacturerId = p.getManufacturerId();
        f.categoryId = p.getCategoryId();
        f.amount = p.getUnitPrice();
        f.status = p.getStatus();
        return f;
    }

    static FraudFact order(Change<Order> c) {
        Order o = c.after();
        if (o == null) return null;
        FraudFact f = base(FraudFact.ORDER, c, ms(o.getUpdatedAt()));
        f.orderId = o.getId();
        f.retailerId = o.getRetailerId();
        f.segment = o.getRetailerSegment();
        f.status = o.getStatus();
        f.amount = o.getTotalAmount();
        f.address = o.getShipToAddress();
        f.device = o.getDeviceId();
        return f;
    }

    static FraudFact line(Change<OrderItem> c) {
        OrderItem i = c.after();
        if (i == null) return null;
        FraudFact f = base(FraudFact.ITEM, c, i.getCreatedAt() != null ? ms(i.getCreatedAt()) : c.commitTimeMs());
        f.orderId = i.getOrderId();
        f.lineNo = i.getLineNo();
        f.productId = i.getProductId();
        f.categoryId = i.getCategoryId();
        f.quantity = i.getQuantity();
        f.previousAmount = i.getUnitPrice();
        f.amount = i.getLineTotal();
        return f;
    }

    static FraudFact payment(Change<Payment> c) {
        Payment p = c.after();
        if (p == null) return null;
        FraudFact f = base(FraudFact.PAYMENT, c, ms(p.getUpdatedAt()));
        f.paymentId = p.getId();
        f.orderId = p.getOrderId();
        f.instrument = p.getInstrumentFingerprint();
        f.status = p.getStatus();
        f.failureReason = p.getFailureReason();
        f.amount = p.getAmount();
        return f;
    }

    static FraudFact refund(Change<Refund> c) {
        Refund r = c.after();
        if (r == null) return null;
        FraudFact f = base(FraudFact.REFUND, c, ms(r.getCreatedAt()));
        f.refundId = r.getId();
        f.orderId = r.getOrderId();
        f.lineNo = r.getLineNo();
        f.amount = r.getAmount();
        f.failureReason = r.getReason();
        return f;
    }

    static FraudFact referral(Change<Referral> c) {
        Referral r = c.after();
        if (r == null) return null;
        long rewarded = r.getRewardedAt() == null ? 0 : ms(r.getRewardedAt());
        FraudFact f = base(FraudFact.REFERRAL, c, rewarded != 0 ? rewarded : ms(r.getCreatedAt()));
        f.referralId = r.getId();
        f.referrerId = r.getReferrerId();
        f.refereeId = r.getRefereeId();
        f.status = r.getStatus();
        f.amount = r.getReward();
        f.rewardedAtMs = rewarded;
        return f;
    }

    private static FraudFact base(String kind, Change<?> c, long atMs) {
        FraudFact f = FraudFact.of(kind, c.lsn(), atMs, c.commitTimeMs());
        f.op = c.op();
        return f;
    }

    private static long ms(Instant t) { return t.toEpochMilli(); }
}
