package com.wholesaleos.streaming.recommend.job;

import java.util.ArrayList;
import java.util.List;

/** One published list: a retailer's feed, a product's also-bought, a category and region's trending. A Flink POJO. */
public class RankedList {
    public static final String RETAILER = "retailer";
    public static final String PRODUCT = "product";
    public static final String CATEGORY_REGION = "category-region";

    public String subject;
    public String key;
    public long regionId;
    public ArrayList<RankedItem> items = new ArrayList<>();
    public long asOfMs;
    /** Feeds: commit time of the newest change behind it (freshness); 0 for the also-bought and trending lists. */
    public long commitMs;

    public RankedList() {}

    public static RankedList of(String subject, String key, List<RankedItem> items, long asOfMs, long commitMs) {
        RankedList l = new RankedList();
        l.subject = subject;
        l.key = key;
        l.items = new ArrayList<>(items);
        l.asOfMs = asOfMs;
        l.commitMs = commitMs;
        return l;
    }

    @Override
    public String toString() { return subject + " " + key + ": " + items.size() + " items as of " + asOfMs; }
}
