package com.wholesaleos.streaming.recommend.job;

import com.wholesaleos.streaming.recommend.PurchaseHistory;

/** A retailer's history after a change, from the history step to the feed step. A Flink POJO. */
public class ShopperProfile {
    public long retailerId;
    public PurchaseHistory history;
    public long atMs;
    public long commitMs;

    public ShopperProfile() {}
}
