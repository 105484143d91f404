package com.wholesaleos.recommend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One retailer's purchase history: when it bought each of its most recent products, and when it ordered. It is the
 * retailer's contribution to everyone's co-purchase figures, and keeps that contribution exact: a product weighs
 * {@link TimeDecay#weightAt} its last purchase, a pair of products the older of their two last purchases, and every
 * change of history (an order, a product falling out of the most recent, a suspension) yields the exact differences.
 * A suspended retailer (blocked by the risk team) contributes nothing until it is active again.
 */
public class PurchaseHistory {
    /** Purchases kept per product: enough for a cadence and for the trend windows. */
    static final int TIMES_PER_PRODUCT = 16;
    static final int ORDERS_KEPT = 64;

    public HashMap<Long, ArrayList<Long>> times = new HashMap<>();
    public HashMap<Long, Long> categories = new HashMap<>();
    public ArrayList<Long> orderTimes = new ArrayList<>();
    public LinkedHashSet<Long> orders = new LinkedHashSet<>();
    public long regionId;
    public boolean suspended;

    public PurchaseHistory() {}

    public boolean seen(long orderId) { return orders.contains(orderId); }

    /** Products with their last purchase time. */
    public Map<Long, Long> lastPurchases() {
        Map<Long, Long> last = new HashMap<>();
        times.forEach((p, t) -> last.put(p, Collections.max(t)));
        return last;
    }

    public long[] purchaseTimes(long productId) {
        List<Long> t = times.get(productId);
        return t == null ? new long[0] : t.stream().mapToLong(Long::longValue).toArray();
    }

    public long[] orderTimesArray() { return orderTimes.stream().mapToLong(Long::longValue).toArray(); }

    public long lastOrderMs() { return orderTimes.isEmpty() ? 0 : Collections.max(orderTimes); }

    /**
     * Adds one order (once: a replayed order changes nothing) and returns the co-purchase differences it makes.
     *
     * @param products     product id → category id of the order's lines
     * @param maxProducts  products kept: the most recently bought; older ones leave the history and their contribution
     */
    public List<CoPurchaseUpdate> order(long orderId, long atMs, long region, Map<Long, Long> products, TimeDecay decay, int maxProducts) {
        if (!orders.add(orderId)) return List.of();
        while (orders.size() > ORDERS_KEPT * 4) orders.remove(orders.iterator().next());
        regionId = region;
        orderTimes.add(atMs);
        Collections.sort(orderTimes);
        while (orderTimes.size() > ORDERS_KEPT) orderTimes.remove(0);
        Map<Long, Long> before = lastPurchases();
        products.forEach((p, c) -> {
            categories.put(p, c);
            ArrayList<Long> t = times.computeIfAbsent(p, k -> new ArrayList<>());
            t.add(atMs);
            Collections.sort(t);
            while (t.size() > TIMES_PER_PRODUCT) t.remove(0);
        });
        while (times.size() > maxProducts) {
            long oldest = lastPurchases().entrySet().stream().min(Map.Entry.<Long, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .orElseThrow().getKey();
            times.remove(oldest);
            categories.remove(oldest);
        }
        if (suspended) return List.of();
        return diff(before, lastPurchases(), decay, atMs);
    }

    /** Suspends (true) or reactivates (false) the retailer: its whole contribution is withdrawn or restored. */
    public List<CoPurchaseUpdate> suspend(boolean suspend, TimeDecay decay, long atMs) {
        if (suspend == suspended) return List.of();
        suspended = suspend;
        Map<Long, Long> all = lastPurchases();
        return suspend ? diff(all, Map.of(), decay, atMs) : diff(Map.of(), all, decay, atMs);
    }

    /** The differences between two contributions, one update per product whose figures change. */
    List<CoPurchaseUpdate> diff(Map<Long, Long> before, Map<Long, Long> after, TimeDecay decay, long atMs) {
        Set<Long> changed = new HashSet<>();
        Set<Long> all = new HashSet<>(before.keySet());
        all.addAll(after.keySet());
        for (Long p : all) if (!java.util.Objects.equals(before.get(p), after.get(p))) changed.add(p);
        Map<Long, CoPurchaseUpdate> out = new HashMap<>();
        for (Long p : changed) {
            double delta = weight(after.get(p), decay) - weight(before.get(p), decay);
            if (delta != 0) update(out, p, atMs).supportDelta += delta;
            for (Long q : all) {
                if (q.equals(p) || (changed.contains(q) && q < p)) continue; // each pair once
                double d = pairWeight(after, p, q, decay) - pairWeight(before, p, q, decay);
                if (d == 0) continue;
                update(out, p, atMs).pairDeltas.merge(q, d, Double::sum);
                update(out, q, atMs).pairDeltas.merge(p, d, Double::sum);
                out.get(p).categories.put(q, category(q));
                out.get(q).categories.put(p, category(p));
            }
        }
        List<CoPurchaseUpdate> list = new ArrayList<>(out.values());
        list.sort(java.util.Comparator.comparingLong(u -> u.productId));
        return list;
    }

    private long category(long product) { return categories.getOrDefault(product, 0L); }

    private CoPurchaseUpdate update(Map<Long, CoPurchaseUpdate> out, long product, long atMs) {
        return out.computeIfAbsent(product, p -> {
            CoPurchaseUpdate u = new CoPurchaseUpdate();
            u.productId = p;
            u.categoryId = category(p);
            u.atMs = atMs;
            return u;
        });
    }

    private static double weight(Long lastMs, TimeDecay decay) { return lastMs == null ? 0 : decay.weightAt(lastMs); }

    private static double pairWeight(Map<Long, Long> last, long p, long q, TimeDecay decay) {
        Long a = last.get(p);
        Long b = last.get(q);
        return a == null || b == null ? 0 : decay.weightAt(Math.min(a, b));
    }
}
