package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.recommend.PurchaseHistory;

/** A retailer's history after a change, published as its profile (the Feed API blends its feed from it). A Flink POJO. */
public class ShopperProfile {
    public long retailerId;
    public PurchaseHistory history;
    public long atMs;
    public long commitMs;

    public ShopperProfile() {}
}
