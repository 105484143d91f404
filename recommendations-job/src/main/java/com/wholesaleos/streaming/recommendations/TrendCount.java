package com.wholesaleos.streaming.recommendations;

/** Orders of one product in one category and region on one business day, added or withdrawn. A Flink POJO. */
public class TrendCount {
    public long categoryId;
    public long regionId;
    public long productId;
    public long atMs;
    public int delta;
    public long commitMs;

    public TrendCount() {}

    static TrendCount of(long categoryId, long regionId, long productId, long atMs, int delta, long commitMs) {
        TrendCount c = new TrendCount();
        c.categoryId = categoryId;
        c.regionId = regionId;
        c.productId = productId;
        c.atMs = atMs;
        c.delta = delta;
        c.commitMs = commitMs;
        return c;
    }

    String key() { return categoryId + "|" + regionId; }
}
