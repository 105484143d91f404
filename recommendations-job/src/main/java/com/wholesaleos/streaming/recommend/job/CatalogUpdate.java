package com.wholesaleos.streaming.recommend.job;

import java.util.ArrayList;

/**
 * What every feed draws on, broadcast to the feed step: a product's also-bought list, a trending list, a product's
 * status, a manufacturer's status. A Flink POJO.
 */
public class CatalogUpdate {
    public static final String LIST = "list";
    public static final String PRODUCT = "product";
    public static final String MANUFACTURER = "manufacturer";

    public String kind;
    /** LIST: the list's subject and key. */
    public String subject;
    public String key;
    public ArrayList<RankedItem> items;
    public long productId;
    public long manufacturerId;
    public long categoryId;
    public String status;
    public long atMs;
    public long commitMs;

    public CatalogUpdate() {}

    static CatalogUpdate of(RankedList l) {
        CatalogUpdate u = new CatalogUpdate();
        u.kind = LIST;
        u.subject = l.subject;
        u.key = l.key;
        u.items = l.items;
        u.atMs = l.asOfMs;
        u.commitMs = l.commitMs;
        return u;
    }

    static CatalogUpdate of(ShopperFact f) {
        CatalogUpdate u = new CatalogUpdate();
        u.kind = ShopperFact.PRODUCT.equals(f.kind) ? PRODUCT : MANUFACTURER;
        u.productId = f.productId;
        u.manufacturerId = f.manufacturerId;
        u.categoryId = f.categoryId;
        u.status = f.status;
        u.atMs = f.atMs;
        u.commitMs = f.commitMs;
        return u;
    }
}
