package com.wholesaleos.streaming.fraud.facts;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.streaming.cdc.FactDeserializer;
import com.wholesaleos.schemas.cdc.Manufacturer;
import com.wholesaleos.schemas.cdc.ManufacturerChange;
import com.wholesaleos.schemas.cdc.Operation;
import com.wholesaleos.schemas.cdc.Order;
import com.wholesaleos.schemas.cdc.OrderChange;
import com.wholesaleos.schemas.cdc.OrderItem;
import com.wholesaleos.schemas.cdc.OrderItemChange;
import com.wholesaleos.schemas.cdc.Payment;
import com.wholesaleos.schemas.cdc.PaymentChange;
import com.wholesaleos.schemas.cdc.Product;
import com.wholesaleos.schemas.cdc.ProductChange;
import com.wholesaleos.schemas.cdc.Referral;
import com.wholesaleos.schemas.cdc.ReferralChange;
import com.wholesaleos.schemas.cdc.Refund;
import com.wholesaleos.schemas.cdc.RefundChange;
import com.wholesaleos.schemas.cdc.Retailer;
import com.wholesaleos.schemas.cdc.RetailerChange;
import com.wholesaleos.schemas.cdc.SourcePosition;
import java.time.Instant;
import java.util.List;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the change topics the fraud rules read (any released contract version) into facts dated by business time.
 * A record that cannot be decoded becomes a REJECTED fact with its bytes and the reason, bound for the dead letters.
 */
public final class FraudFactDeserializer extends FactDeserializer<FraudFact> {
    /** The change topics this job reads. */
    public static final List<ChangeTopic> TOPICS = List.of(ChangeTopic.RETAILERS, ChangeTopic.MANUFACTURERS, ChangeTopic.PRODUCTS,
            ChangeTopic.ORDERS, ChangeTopic.ORDER_ITEMS, ChangeTopic.PAYMENTS, ChangeTopic.REFUNDS, ChangeTopic.REFERRALS);

    private transient BinaryMessageDecoder<RetailerChange> retailers;
    private transient BinaryMessageDecoder<ManufacturerChange> manufacturers;
    private transient BinaryMessageDecoder<ProductChange> products;
    private transient BinaryMessageDecoder<OrderChange> orders;
    private transient BinaryMessageDecoder<OrderItemChange> items;
    private transient BinaryMessageDecoder<PaymentChange> payments;
    private transient BinaryMessageDecoder<RefundChange> refunds;
    private transient BinaryMessageDecoder<ReferralChange> referrals;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        SchemaStore released = ReleasedSchemas.store();
        retailers = RetailerChange.createDecoder(released);
        manufacturers = ManufacturerChange.createDecoder(released);
        products = ProductChange.createDecoder(released);
        orders = OrderChange.createDecoder(released);
        items = OrderItemChange.createDecoder(released);
        payments = PaymentChange.createDecoder(released);
        refunds = RefundChange.createDecoder(released);
        referrals = ReferralChange.createDecoder(released);
    }

    @Override
    protected FraudFact rejected(ConsumerRecord<byte[], byte[]> record, String reason) {
        FraudFact f = FraudFact.of(FraudFact.REJECTED, -1, record.timestamp(), record.timestamp());
        f.reason = reason;
        f.key = record.key();
        f.payload = record.value();
        return f;
    }

    @Override
    protected void locate(FraudFact f, String topic, int partition, long offset) {
        f.topic = topic;
        f.partition = partition;
        f.offset = offset;
    }

    @Override
    protected FraudFact decode(String topic, byte[] value) throws java.io.IOException {
        if (orders == null) open(null);
        if (ChangeTopic.RETAILERS.topic().equals(topic)) {
            RetailerChange c = retailers.decode(value);
            Retailer r = c.getAfter();
            if (r == null) return null;
            FraudFact f = base(FraudFact.RETAILER, c.getOp(), c.getSource(), ms(r.getSignupAt()));
            f.retailerId = r.getId();
            f.segment = r.getSegment();
            f.status = r.getStatus();
            f.signupAtMs = ms(r.getSignupAt());
            f.phone = r.getContactPhone();
            f.address = r.getDefaultAddress();
            f.device = r.getSignupDevice();
            return f;
        }
        if (ChangeTopic.MANUFACTURERS.topic().equals(topic)) {
            ManufacturerChange c = manufacturers.decode(value);
            Manufacturer m = c.getAfter();
            if (m == null) return null;
            FraudFact f = base(FraudFact.MANUFACTURER, c.getOp(), c.getSource(), ms(m.getCreatedAt()));
            f.manufacturerId = m.getId();
            f.status = m.getStatus();
            f.instrument = m.getPayoutInstrument();
            f.device = m.getDeviceId();
            return f;
        }
        if (ChangeTopic.PRODUCTS.topic().equals(topic)) {
            ProductChange c = products.decode(value);
            Product p = c.getAfter();
            if (p == null) return null;
            FraudFact f = base(FraudFact.PRODUCT, c.getOp(), c.getSource(), ms(p.getUpdatedAt() != null ? p.getUpdatedAt() : p.getCreatedAt()));
            f.productId = p.getId();
            f.manufacturerId = p.getManufacturerId();
            f.categoryId = p.getCategoryId();
            f.amount = p.getUnitPrice();
            f.status = p.getStatus();
            return f;
        }
        if (ChangeTopic.ORDERS.topic().equals(topic)) {
            OrderChange c = orders.decode(value);
            Order o = c.getAfter();
            if (o == null) return null;
            FraudFact f = base(FraudFact.ORDER, c.getOp(), c.getSource(), ms(o.getUpdatedAt()));
            f.orderId = o.getId();
            f.retailerId = o.getRetailerId();
            f.segment = o.getRetailerSegment();
            f.status = o.getStatus();
            f.amount = o.getTotalAmount();
            f.address = o.getShipToAddress();
            f.device = o.getDeviceId();
            return f;
        }
        if (ChangeTopic.ORDER_ITEMS.topic().equals(topic)) {
            OrderItemChange c = items.decode(value);
            OrderItem i = c.getAfter();
            if (i == null) return null;
            FraudFact f = base(FraudFact.ITEM, c.getOp(), c.getSource(), i.getCreatedAt() != null ? ms(i.getCreatedAt()) : c.getSource().getCommitTimeMs());
            f.orderId = i.getOrderId();
            f.lineNo = i.getLineNo();
            f.productId = i.getProductId();
            f.categoryId = i.getCategoryId();
            f.quantity = i.getQuantity();
            f.previousAmount = i.getUnitPrice();
            f.amount = i.getLineTotal();
            return f;
        }
        if (ChangeTopic.PAYMENTS.topic().equals(topic)) {
            PaymentChange c = payments.decode(value);
            Payment p = c.getAfter();
            if (p == null) return null;
            FraudFact f = base(FraudFact.PAYMENT, c.getOp(), c.getSource(), ms(p.getUpdatedAt()));
            f.paymentId = p.getId();
            f.orderId = p.getOrderId();
            f.instrument = p.getInstrumentFingerprint();
            f.status = p.getStatus();
            f.failureReason = p.getFailureReason();
            f.amount = p.getAmount();
            return f;
        }
        if (ChangeTopic.REFUNDS.topic().equals(topic)) {
            RefundChange c = refunds.decode(value);
            Refund r = c.getAfter();
            if (r == null) return null;
            FraudFact f = base(FraudFact.REFUND, c.getOp(), c.getSource(), ms(r.getCreatedAt()));
            f.refundId = r.getId();
            f.orderId = r.getOrderId();
            f.lineNo = r.getLineNo();
            f.amount = r.getAmount();
            f.failureReason = r.getReason();
            return f;
        }
        if (ChangeTopic.REFERRALS.topic().equals(topic)) {
            ReferralChange c = referrals.decode(value);
            Referral r = c.getAfter();
            if (r == null) return null;
            long rewarded = r.getRewardedAt() == null ? 0 : ms(r.getRewardedAt());
            FraudFact f = base(FraudFact.REFERRAL, c.getOp(), c.getSource(), rewarded != 0 ? rewarded : ms(r.getCreatedAt()));
            f.referralId = r.getId();
            f.referrerId = r.getReferrerId();
            f.refereeId = r.getRefereeId();
            f.status = r.getStatus();
            f.amount = r.getReward();
            f.rewardedAtMs = rewarded;
            return f;
        }
        throw new IllegalArgumentException("topic " + topic + " is not an input of the fraud job");
    }

    private static FraudFact base(String kind, Operation op, SourcePosition source, long atMs) {
        FraudFact f = FraudFact.of(kind, source.getLsn(), atMs, source.getCommitTimeMs());
        f.op = op.name();
        return f;
    }

    private static long ms(Instant t) { return t.toEpochMilli(); }

    @Override
    public TypeInformation<FraudFact> getProducedType() {
        return TypeInformation.of(FraudFact.class);
    }
}
