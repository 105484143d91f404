package com.wholesaleos.marketplace.simulator;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The buying habits without a database: reproducible, continued by a second run, and learnable. */
class BuyingHabitsTest {
    private static final List<String> SEGMENTS = List.of("independent", "chain", "online", "horeca");
    private static final int RETAILERS = 500;

    private record Catalog(List<Long> ids, List<Long> categories) {}

    private static Catalog catalog(int products, long skip) {
        List<Long> ids = new ArrayList<>();
        List<Long> categories = new ArrayList<>();
        for (long id = 1; id <= products; id++) {
            if (id == skip) continue;
            ids.add(id);
            categories.add(1 + (id / 8) % 12); // a manufacturer's eight products share a category
        }
        return new Catalog(ids, categories);
    }

    private static BuyingHabits habits(long seed, BusinessClock clock, Catalog catalog) {
        BuyingHabits h = new BuyingHabits(seed, BuyingHabits.tasteGroupsFor(RETAILERS), clock, catalog.ids(), catalog.categories(),
                List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), SEGMENTS);
        for (int r = 0; r < RETAILERS; r++) h.addRetailer(1000 + r, 1 + r % 8, SEGMENTS.get(r % 4));
        return h;
    }

    private static BusinessClock simulatedClock() {
        BusinessClock clock = BusinessClock.simulatedFromDatabase();
        clock.startAfter(null);
        return clock;
    }

    private record Order(int retailer, List<Long> products, long atMs) {}

    /** Places {@code n} orders as the simulator does: the clock advances 4 days / retailers per order. */
    private static List<Order> run(BuyingHabits h, BusinessClock clock, Catalog catalog, int n) {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clock.advance(4 * BusinessClock.DAY_MS / RETAILERS);
            int r = h.nextRetailer();
            List<Integer> basket = h.basket(r);
            h.bought(r, basket);
            orders.add(new Order(r, basket.stream().map(catalog.ids()::get).toList(), clock.nowMs()));
        }
        return orders;
    }

    @Test
    void theSameSeedGivesTheSameOrdersAndBasketsAreRealistic() {
        Catalog catalog = catalog(400, -1);
        BusinessClock a = simulatedClock();
        BusinessClock b = simulatedClock();
        BuyingHabits ha = habits(42, a, catalog);
        BuyingHabits hb = habits(42, b, catalog);
        ha.start();
        hb.start();
        List<Order> x = run(ha, a, catalog, 3_000);
        List<Order> y = run(hb, b, catalog, 3_000);
        assertEquals(x.stream().map(o -> o.retailer() + ":" + o.products()).toList(), y.stream().map(o -> o.retailer() + ":" + o.products()).toList());
        for (Order o : x) {
            assertTrue(o.products().size() >= 1 && o.products().size() <= BuyingHabits.MAX_LINES, o.toString());
            assertEquals(o.products().size(), new HashSet<>(o.products()).size(), "distinct products");
        }
        double meanLines = x.stream().mapToInt(o -> o.products().size()).average().orElseThrow();
        assertTrue(meanLines > 2 && meanLines < 7, "mean lines " + meanLines);
    }

    @Test
    void retailersOrderAboutEveryIntervalAndReorderStaplesOnTheirCycle() {
        Catalog catalog = catalog(400, -1);
        BusinessClock clock = simulatedClock();
        BuyingHabits h = habits(7, clock, catalog);
        h.start();
        List<Order> orders = run(h, clock, catalog, 30_000); // 240 business days
        Map<Integer, List<Order>> byRetailer = orders.stream().collect(Collectors.groupingBy(Order::retailer));
        assertEquals(RETAILERS, byRetailer.size(), "every retailer orders");
        double ratioSum = 0;
        for (var e : byRetailer.entrySet()) {
            List<Order> os = e.getValue();
            double realized = (double) (os.get(os.size() - 1).atMs() - os.get(0).atMs()) / (os.size() - 1);
            ratioSum += realized / h.intervalMs(e.getKey());
        }
        double ratio = ratioSum / byRetailer.size();
        assertTrue(ratio > 0.85 && ratio < 1.4, "realized / latent interval " + ratio);

        // A staple with cycle k × interval is bought in about one order in k.
        int[] boughtByK = new int[5];
        int[] ordersByK = new int[5];
        double stapleShare = 0;
        for (var e : byRetailer.entrySet()) {
            int r = e.getKey();
            int[] staples = h.staples(r);
            Set<Long> stapleIds = Arrays.stream(staples).mapToObj(p -> catalog.ids().get(p)).collect(Collectors.toSet());
            List<Order> os = e.getValue().subList(5, e.getValue().size());
            for (int i = 0; i < staples.length; i++) {
                int k = (int) (h.cycleMs(r, i) / h.intervalMs(r));
                long id = catalog.ids().get(staples[i]);
                boughtByK[k] += (int) os.stream().filter(o -> o.products().contains(id)).count();
                ordersByK[k] += os.size();
            }
            stapleShare += os.stream().mapToDouble(o -> o.products().stream().filter(stapleIds::contains).count() / (double) o.products().size()).average().orElse(0);
        }
        for (int k = 1; k <= 4; k++) {
            double rate = (double) boughtByK[k] / ordersByK[k];
            assertTrue(rate > 0.6 / k && rate < 1.3 / k + 0.05, "k=" + k + " bought in " + rate + " of orders");
        }
        assertTrue(stapleShare / byRetailer.size() > 0.5, "staples are most of a basket: " + stapleShare / byRetailer.size());
    }

    @Test
    void buyAgainBeatsTasteGroupsWhichBeatBestSellers() {
        Catalog catalog = catalog(400, -1);
        BusinessClock clock = simulatedClock();
        BuyingHabits h = habits(11, clock, catalog);
        h.start();
        List<Order> orders = run(h, clock, catalog, 20_000);
        int train = 15_000;
        Map<Long, Integer> global = new HashMap<>();
        Map<Integer, Map<Long, Integer>> mine = new HashMap<>();
        Map<Integer, Map<Long, Integer>> group = new HashMap<>();
        for (Order o : orders.subList(0, train)) {
            for (long p : o.products()) {
                global.merge(p, 1, Integer::sum);
                mine.computeIfAbsent(o.retailer(), k -> new HashMap<>()).merge(p, 1, Integer::sum);
                group.computeIfAbsent(h.group(o.retailer()), k -> new HashMap<>()).merge(p, 1, Integer::sum);
            }
        }
        double hitsMine = 0;
        double hitsGroup = 0;
        double hitsGlobal = 0;
        int n = 0;
        for (Order o : orders.subList(train, orders.size())) {
            hitsMine += hits(top(mine.getOrDefault(o.retailer(), Map.of()), 10), o);
            hitsGroup += hits(top(group.getOrDefault(h.group(o.retailer()), Map.of()), 10), o);
            hitsGlobal += hits(top(global, 10), o);
            n++;
        }
        double mineRecall = hitsMine / n;
        double groupRecall = hitsGroup / n;
        double globalRecall = hitsGlobal / n;
        assertTrue(mineRecall > groupRecall && groupRecall > globalRecall && globalRecall > 0.02,
                "recall@10 buy-again " + mineRecall + ", group " + groupRecall + ", best sellers " + globalRecall);
    }

    private static List<Long> top(Map<Long, Integer> counts, int k) {
        return counts.entrySet().stream().sorted(Map.Entry.<Long, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(k).map(Map.Entry::getKey).toList();
    }

    private static double hits(List<Long> predicted, Order o) {
        return predicted.stream().filter(o.products()::contains).count() / (double) o.products().size();
    }

    @Test
    void aSecondRunContinuesTheHabitsAndADelistedProductDropsOut() {
        Catalog catalog = catalog(400, -1);
        BusinessClock clock = simulatedClock();
        BuyingHabits first = habits(5, clock, catalog);
        first.start();
        List<Order> orders = run(first, clock, catalog, 5_000);

        // A new instance, as a second run builds it: same habits, history from the "database".
        BuyingHabits second = habits(5, clock, catalog);
        for (Order o : orders) for (long p : o.products()) second.history(1000 + o.retailer(), p, o.atMs());
        second.start();
        for (int r = 0; r < RETAILERS; r++) {
            assertArrayEquals(first.staples(r), second.staples(r));
            assertEquals(first.intervalMs(r), second.intervalMs(r));
        }
        // Right after the history, staples bought in the retailer's last order are rarely due again.
        Map<Integer, Order> last = new HashMap<>();
        for (Order o : orders) last.put(o.retailer(), o);
        int repeated = 0;
        int lines = 0;
        for (int i = 0; i < 100; i++) {
            int r = second.nextRetailer();
            Order previous = last.get(r);
            List<Integer> basket = second.basket(r);
            second.bought(r, basket);
            if (previous == null) continue;
            long sinceMs = clock.nowMs() - previous.atMs();
            if (sinceMs > second.intervalMs(r) / 2) continue;
            for (int p : basket) if (previous.products().contains(catalog.ids().get(p))) repeated++;
            lines += basket.size();
        }
        assertTrue(lines == 0 || repeated < lines / 2, repeated + " of " + lines);

        // Delist a staple of retailer 0: it is gone, the others stay.
        long delisted = catalog.ids().get(first.staples(0)[0]);
        Catalog without = catalog(400, delisted);
        BuyingHabits third = habits(5, simulatedClock(), without);
        Set<Long> before = Arrays.stream(first.staples(0)).mapToObj(p -> catalog.ids().get(p)).collect(Collectors.toSet());
        Set<Long> after = Arrays.stream(third.staples(0)).mapToObj(p -> without.ids().get(p)).collect(Collectors.toSet());
        assertFalse(after.contains(delisted));
        Set<Long> kept = new HashSet<>(before);
        kept.retainAll(after);
        assertTrue(kept.size() >= before.size() - 3, before + " then " + after);
    }

    @Test
    void withTheDatabaseClockTimeStandsStillAndRetailersStillTakeTurns() {
        Catalog catalog = catalog(400, -1);
        BusinessClock clock = BusinessClock.database();
        BuyingHabits h = habits(3, clock, catalog);
        h.start();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < RETAILERS; i++) {
            int r = h.nextRetailer();
            seen.add(r);
            h.bought(r, h.basket(r));
        }
        assertTrue(seen.size() > RETAILERS * 0.6, seen.size() + " retailers ordered");
    }
}
