package com.wholesaleos.recommend;

/** One recommended product: its score (comparable within one list), why, and the figures behind it for people. */
public record Recommendation(long productId, long categoryId, double score, String reason, String detail) implements java.io.Serializable {
    public static final String BUY_AGAIN = "buy-again";
    public static final String ALSO_STOCKED = "also-stocked";
    public static final String ALSO_BOUGHT = "also-bought";
    public static final String TRENDING = "trending";

    /** Best first; ties by product id, so equal inputs give equal lists whatever order they arrived in. */
    public static final java.util.Comparator<Recommendation> BEST_FIRST =
            java.util.Comparator.comparingDouble(Recommendation::score).reversed().thenComparingLong(Recommendation::productId);
}
