package com.wholesaleos.recommend;

import java.util.HashMap;

/**
 * What one retailer's change of history adds to (or, negative, takes from) one product's co-purchase figures: to its
 * support (time-decayed retailers stocking it) and to its co-occurrence with each other product. A Flink POJO.
 */
public class CoPurchaseUpdate {
    public long productId;
    public long categoryId;
    public double supportDelta;
    /** Other product id → weight delta of "stocked together". */
    public HashMap<Long, Double> pairDeltas = new HashMap<>();
    /** Other product id → its category, so a list can name it. */
    public HashMap<Long, Long> categories = new HashMap<>();
    /** Business time of the purchase that caused it. */
    public long atMs;

    public CoPurchaseUpdate() {}

    @Override
    public String toString() { return "co-purchase of product " + productId + " (support " + supportDelta + ", " + pairDeltas.size() + " pairs)"; }
}
