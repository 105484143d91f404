package com.wholesaleos.recommend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Blends a retailer's feed when it is asked for, from its purchase history and the lists it looks up: the also-bought
 * list of each product it bought, the trending list of each of its categories in its region, and the catalog's status.
 * Nothing per retailer is kept besides its history, so a list change costs nothing until a feed that uses it is read.
 */
public final class FeedComposer {
    /** How feeds are blended: the blend's weights, the decay of purchases, the feed's size, how long a trend list stays trending. */
    public record Settings(FeedBlend.Weights weights, TimeDecay decay, int size, int trendWindowDays) {}

    /** A list as looked up: its items, best first, and the business time it is as of. */
    public record RankedList(List<Recommendation> items, long asOfMs) {}

    /** Where a feed's lists are looked up. */
    public interface Lists {
        /** The product's also-bought list; null if it has none. */
        RankedList alsoBought(long product);

        /** The category's trending list in the region; null if it has none. */
        RankedList trending(long category, long region);

        /** Listed, and its manufacturer not suspended (a product not seen yet counts as available). */
        boolean available(long product);

        /** Business time of the newest list (0: none): a feed is judged at this time or at the retailer's last order, whichever is later. */
        long newestListMs();
    }

    /** A feed, best first, and the business time it was judged at. */
    public record Feed(List<Recommendation> items, long asOfMs) {}

    private FeedComposer() {}

    public static Feed feed(PurchaseHistory h, Lists lists, Settings s) {
        long now = Math.max(h.lastOrderMs(), lists.newestListMs());
        Map<Long, List<Recommendation>> alsoBought = new HashMap<>();
        for (Long p : h.times.keySet()) {
            RankedList l = lists.alsoBought(p);
            if (l != null) alsoBought.put(p, l.items());
        }
        Map<Long, List<Recommendation>> trending = new HashMap<>();
        for (Long category : new TreeSet<>(h.categories.values())) {
            RankedList l = lists.trending(category, h.regionId);
            // A list not recomputed for a whole window (no orders there since) is no longer trending.
            if (l != null && l.asOfMs() > now - s.trendWindowDays() * TimeDecay.DAY_MS) trending.put(category, l.items());
        }
        return new Feed(FeedBlend.feed(h, alsoBought, trending, lists::available, s.weights(), s.decay(), now, s.size()), now);
    }
}
