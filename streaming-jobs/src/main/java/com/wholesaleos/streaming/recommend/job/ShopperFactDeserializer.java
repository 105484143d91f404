package com.wholesaleos.streaming.recommend.job;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.streaming.cdc.FactDeserializer;
import com.wholesaleos.schemas.cdc.Manufacturer;
import com.wholesaleos.schemas.cdc.ManufacturerChange;
import com.wholesaleos.schemas.cdc.Order;
import com.wholesaleos.schemas.cdc.OrderChange;
import com.wholesaleos.schemas.cdc.OrderItem;
import com.wholesaleos.schemas.cdc.OrderItemChange;
import com.wholesaleos.schemas.cdc.Product;
import com.wholesaleos.schemas.cdc.ProductChange;
import com.wholesaleos.schemas.cdc.Retailer;
import com.wholesaleos.schemas.cdc.RetailerChange;
import com.wholesaleos.schemas.cdc.SourcePosition;
import java.util.List;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the change topics the recommendations read (any released contract version) into facts dated by business
 * time. A record that cannot be decoded becomes a REJECTED fact with its bytes and the reason, bound for the dead letters.
 */
public final class ShopperFactDeserializer extends FactDeserializer<ShopperFact> {
    public static final List<ChangeTopic> TOPICS = List.of(ChangeTopic.RETAILERS, ChangeTopic.MANUFACTURERS, ChangeTopic.PRODUCTS,
            ChangeTopic.ORDERS, ChangeTopic.ORDER_ITEMS);

    private transient BinaryMessageDecoder<RetailerChange> retailers;
    private transient BinaryMessageDecoder<ManufacturerChange> manufacturers;
    private transient BinaryMessageDecoder<ProductChange> products;
    private transient BinaryMessageDecoder<OrderChange> orders;
    private transient BinaryMessageDecoder<OrderItemChange> items;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        SchemaStore released = ReleasedSchemas.store();
        retailers = RetailerChange.createDecoder(released);
        manufacturers = ManufacturerChange.createDecoder(released);
        products = ProductChange.createDecoder(released);
        orders = OrderChange.createDecoder(released);
        items = OrderItemChange.createDecoder(released);
    }

    @Override
    protected ShopperFact rejected(ConsumerRecord<byte[], byte[]> record, String reason) {
        ShopperFact f = ShopperFact.of(ShopperFact.REJECTED, -1, record.timestamp(), record.timestamp());
        f.reason = reason;
        f.key = record.key();
        f.payload = record.value();
        return f;
    }

    @Override
    protected void locate(ShopperFact f, String topic, int partition, long offset) {
        f.topic = topic;
        f.partition = partition;
        f.offset = offset;
    }

    @Override
    protected ShopperFact decode(String topic, byte[] value) throws java.io.IOException {
        if (orders == null) open(null);
        if (ChangeTopic.RETAILERS.topic().equals(topic)) {
            RetailerChange c = retailers.decode(value);
            Retailer r = c.getAfter();
            if (r == null) return null;
            ShopperFact f = base(ShopperFact.RETAILER, c.getSource(), c.getSource().getCommitTimeMs());
            f.retailerId = r.getId();
            f.regionId = r.getRegionId();
            f.status = r.getStatus();
            return f;
        }
        if (ChangeTopic.MANUFACTURERS.topic().equals(topic)) {
            ManufacturerChange c = manufacturers.decode(value);
            Manufacturer m = c.getAfter();
            if (m == null) return null;
            ShopperFact f = base(ShopperFact.MANUFACTURER, c.getSource(), c.getSource().getCommitTimeMs());
            f.manufacturerId = m.getId();
            f.status = m.getStatus();
            return f;
        }
        if (ChangeTopic.PRODUCTS.topic().equals(topic)) {
            ProductChange c = products.decode(value);
            Product p = c.getAfter();
            if (p == null) return null;
            ShopperFact f = base(ShopperFact.PRODUCT, c.getSource(), (p.getUpdatedAt() != null ? p.getUpdatedAt() : p.getCreatedAt()).toEpochMilli());
            f.productId = p.getId();
            f.manufacturerId = p.getManufacturerId();
            f.categoryId = p.getCategoryId();
            f.status = p.getStatus();
            return f;
        }
        if (ChangeTopic.ORDERS.topic().equals(topic)) {
            OrderChange c = orders.decode(value);
            Order o = c.getAfter();
            if (o == null) return null;
            ShopperFact f = base(ShopperFact.ORDER, c.getSource(), o.getPlacedAt().toEpochMilli());
            f.orderId = o.getId();
            f.retailerId = o.getRetailerId();
            f.regionId = o.getRegionId();
            f.status = o.getStatus();
            f.amount = o.getTotalAmount();
            return f;
        }
        if (ChangeTopic.ORDER_ITEMS.topic().equals(topic)) {
            OrderItemChange c = items.decode(value);
            OrderItem i = c.getAfter();
            if (i == null) return null;
            ShopperFact f = base(ShopperFact.ITEM, c.getSource(), i.getCreatedAt() != null ? i.getCreatedAt().toEpochMilli() : c.getSource().getCommitTimeMs());
            f.orderId = i.getOrderId();
            f.lineNo = i.getLineNo();
            f.productId = i.getProductId();
            f.categoryId = i.getCategoryId();
            f.amount = i.getLineTotal();
            return f;
        }
        throw new IllegalArgumentException("topic " + topic + " is not an input of the recommendations job");
    }

    private static ShopperFact base(String kind, SourcePosition source, long atMs) {
        return ShopperFact.of(kind, source.getLsn(), atMs, source.getCommitTimeMs());
    }

    @Override
    public TypeInformation<ShopperFact> getProducedType() {
        return TypeInformation.of(ShopperFact.class);
    }
}
