package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.cdc.Manufacturer;
import com.wholesaleos.schemas.cdc.Order;
import com.wholesaleos.schemas.cdc.OrderItem;
import com.wholesaleos.schemas.cdc.Product;
import com.wholesaleos.schemas.cdc.Retailer;
import com.wholesaleos.streaming.cdc.Change;
import com.wholesaleos.streaming.cdc.ChangeFacts;

/**
 * What the recommendations read: five change topics (any released contract version), each change a {@link ShopperFact}
 * dated by business time. A delete teaches them nothing and is skipped.
 */
public final class ShopperInputs {
    private ShopperInputs() {}

    public static ChangeFacts<ShopperFact> changes() {
        return ChangeFacts.of(ShopperFact.class, ShopperFact::rejected)
                .on(ChangeTopic.RETAILERS, Retailer.class, ShopperInputs::retailer)
                .on(ChangeTopic.MANUFACTURERS, Manufacturer.class, ShopperInputs::manufacturer)
                .on(ChangeTopic.PRODUCTS, Product.class, ShopperInputs::product)
                .on(ChangeTopic.ORDERS, Order.class, ShopperInputs::order)
                .on(ChangeTopic.ORDER_ITEMS, OrderItem.class, ShopperInputs::line);
    }

    static ShopperFact retailer(Change<Retailer> c) {
        Retailer r = c.after();
        if (r == null) return null;
        ShopperFact f = base(ShopperFact.RETAILER, c, c.commitTimeMs());
        f.retailerId = r.getId();
        f.regionId = r.getRegionId();
        f.status = r.getStatus();
        return f;
    }

    static ShopperFact manufacturer(Change<Manufacturer> c) {
        Manufacturer m = c.after();
        if (m == null) return null;
        ShopperFact f = base(ShopperFact.MANUFACTURER, c, c.commitTimeMs());
        f.manufacturerId = m.getId();
        f.status = m.getStatus();
        return f;
    }

    static ShopperFact product(Change<Product> c) {
        Product p = c.after();
        if (p == null) return null;
        ShopperFact f = base(ShopperFact.PRODUCT, c, (p.getUpdatedAt() != null ? p.getUpdatedAt() : p.getCreatedAt()).toEpochMilli());
        f.productId = p.getId();
        f.manufacturerId = p.getManufacturerId();
        f.categoryId = p.getCategoryId();
        f.status = p.getStatus();
        return f;
    }

    static ShopperFact order(Change<Order> c) {
        Order o = c.after();
        if (o == null) return null;
        ShopperFact f = base(ShopperFact.ORDER, c, o.getPlacedAt().toEpochMilli());
        f.orderId = o.getId();
        f.retailerId = o.getRetailerId();
        f.regionId = o.getRegionId();
        f.status = o.getStatus();
        f.amount = o.getTotalAmount();
        return f;
    }

    static ShopperFact line(Change<OrderItem> c) {
        OrderItem i = c.after();
        if (i == null) return null;
        ShopperFact f = base(ShopperFact.ITEM, c, i.getCreatedAt() != null ? i.getCreatedAt().toEpochMilli() : c.commitTimeMs());
        f.orderId = i.getOrderId();
        f.lineNo = i.getLineNo();
        f.productId = i.getProductId();
        f.categoryId = i.getCategoryId();
        f.amount = i.getLineTotal();
        return f;
    }

    private static ShopperFact base(String kind, Change<?> c, long atMs) {
        return ShopperFact.of(kind, c.lsn(), atMs, c.commitTimeMs());
    }
}
