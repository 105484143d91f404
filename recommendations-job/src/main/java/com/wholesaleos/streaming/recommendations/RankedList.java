package com.wholesaleos.streaming.recommendations;

import java.util.ArrayList;
import java.util.List;

/** One published list: a product's also-bought, a category and region's trending. A Flink POJO. */
public class RankedList {
    public static final String PRODUCT = "product";
    public static final String CATEGORY_REGION = "category-region";

    public String subject;
    public String key;
    public ArrayList<RankedItem> items = new ArrayList<>();
    public long asOfMs;
    /** Commit time of the newest change behind it, where known (0: not tracked). */
    public long commitMs;
    /** Also-bought lists: the subject's retailers (time-decayed, as of asOfMs); 0 for trending lists. */
    public double support;

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
