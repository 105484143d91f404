package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.recommend.Recommendation;

/** A {@link Recommendation} as a Flink POJO. */
public class RankedItem {
    public long productId;
    public long categoryId;
    public double score;
    public String reason;
    public String detail;

    public RankedItem() {}

    public static RankedItem of(Recommendation r) {
        RankedItem i = new RankedItem();
        i.productId = r.productId();
        i.categoryId = r.categoryId();
        i.score = r.score();
        i.reason = r.reason();
        i.detail = r.detail();
        return i;
    }

    public Recommendation recommendation() { return new Recommendation(productId, categoryId, score, reason, detail); }

    /** What makes two lists the same to their readers: products, order and scores. */
    static String signature(java.util.List<RankedItem> items) {
        StringBuilder b = new StringBuilder();
        for (RankedItem i : items) b.append(i.productId).append(':').append(i.score).append(':').append(i.reason).append(',');
        return b.toString();
    }
}
