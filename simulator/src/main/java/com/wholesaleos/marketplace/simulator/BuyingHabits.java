package com.wholesaleos.marketplace.simulator;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Retailers' latent buying habits: the ground truth that makes next-basket recommendation learnable. Nothing here is
 * written to the database; a recommendation job sees only the orders the habits produce.
 *
 * <p>The model, all in business time ({@link BusinessClock}):
 * <ul>
 *   <li><b>Ordering rhythm.</b> Each retailer orders every {@code interval} days: lognormal with median
 *       {@value #INTERVAL_MEDIAN_DAYS} and sigma {@value #INTERVAL_SIGMA}, clamped to {@value #INTERVAL_MIN_DAYS} to
 *       {@value #INTERVAL_MAX_DAYS} (the harmonic mean, which sets how often the population orders, is about 4 days:
 *       the rate at which the simulator's clock advances per order). {@link #nextRetailer} picks the retailer whose next
 *       order is most overdue (due = last order + interval × jitter {@value #JITTER_LOW}-{@value #JITTER_HIGH}).</li>
 *   <li><b>Staples ("buy again").</b> {@value #STAPLES_MIN}-{@value #STAPLES_MAX} products per retailer, drawn from its
 *       taste group's distribution, each with a reorder cycle of interval × k, k in 1..4 (weights 35/30/20/15). A staple
 *       is due when its cycle has nearly passed: time since it was last bought ≥ cycle × jitter − interval / 2 (it would
 *       run out before the next regular order). Due staples join the basket with probability {@value #P_DUE}, others
 *       with {@value #P_NOT_DUE}. A staple never bought gets a random phase within its cycle when its habits start.</li>
 *   <li><b>Taste groups ("retailers like you also stock").</b> {@link #tasteGroupsFor C} groups; a retailer joins one
 *       of its segment's groups with probability {@value #P_SEGMENT_GROUP}, else any group. Each group likes 2-3
 *       favourite categories: a list of 30-60 products, 95% from those categories (sampled by global popularity, softened
 *       to its fourth root) and 5% global best-sellers (wholesale buyers of different trades share few products), with Zipf weights 1 / rank^{@value #GROUP_ZIPF}. Each order
 *       adds 0-2 exploration products drawn from the group's distribution (never the retailer's staples).</li>
 *   <li><b>Trends.</b> On each business day (counted from the marketplace's epoch, its earliest sign-up) a trend starts
 *       with probability {@value #P_TREND_PER_DAY}: one product, uniformly from the catalog, hot in one region for
 *       7-14 days; a retailer of that region adds it to an order with probability {@value #P_TREND}. At most
 *       {@value #MAX_TRENDS} at a time (the earliest started).</li>
 *   <li><b>Global popularity.</b> Products have a Zipf popularity 1 / rank^{@value #GLOBAL_ZIPF} (the rank a hash of the
 *       seed and product id); it shapes the group lists, and an order adds a product drawn from it with probability
 *       {@value #P_IMPULSE}, so best sellers are a meaningful but weaker baseline.</li>
 * </ul>
 * Baskets hold 1 to {@value #MAX_LINES} products: due staples first, then trends, exploration, the impulse buy and
 * staples bought early; an otherwise empty basket gets the staple closest to due.
 *
 * <p><b>Determinism and continuity.</b> A retailer's habits derive from (seed, retailer id, product ids) alone, through
 * their own generators and hashes: never the simulator's main generator. Staples and group lists are chosen by hashed
 * keys (weighted sampling without replacement), so a product delisted between runs simply drops out and the others stay.
 * A second run on the same database recomputes the habits and {@link #loadHistory loads} each retailer's last order and
 * each (retailer, product)'s last purchase, so the cycles carry on. Per-order draws (jitters, inclusion) come from a
 * generator seeded from the seed and the number of orders already in the database. The number of taste groups comes
 * from the growth phase, so it is the same for every run of a phase.
 *
 * <p><b>Clocks.</b> With a simulated business clock, habits follow it. With the database's clock, business time is the
 * wall clock, which barely moves during a run: the habits take it as standing still at the run's start (so a run stays
 * reproducible from its seed); retailers still take turns by their due times, but a staple bought during the run
 * comes due only in a later run.
 *
 * <p><b>New products and retailers.</b> Retailers who sign up during a run get their habits at once. Products listed
 * during a run join no group list and no staples until the next run (which recomputes the lists over the catalog);
 * meanwhile they can become a trend.
 */
final class BuyingHabits {
    static final double INTERVAL_MEDIAN_DAYS = 4.5;
    static final double INTERVAL_SIGMA = 0.5;
    static final double INTERVAL_MIN_DAYS = 1.5;
    static final double INTERVAL_MAX_DAYS = 12;
    static final double JITTER_LOW = 0.85;
    static final double JITTER_HIGH = 1.15;
    static final int STAPLES_MIN = 4;
    static final int STAPLES_MAX = 12;
    private static final double[] CYCLE_K_WEIGHTS = {0.35, 0.30, 0.20, 0.15};
    static final double P_DUE = 0.9;
    static final double P_NOT_DUE = 0.05;
    static final double P_SEGMENT_GROUP = 0.7;
    static final int GROUP_MIN = 30;
    static final int GROUP_MAX = 60;
    static final double GROUP_FAVOURITE_SHARE = 0.95;
    static final int BEST_SELLER_POOL = 50;
    static final double GROUP_ZIPF = 0.7;
    static final double GLOBAL_ZIPF = 0.9;
    static final int EXPLORATION_MAX = 2;
    static final double P_IMPULSE = 0.05;
    static final double P_TREND_PER_DAY = 0.2;
    static final int TREND_MIN_DAYS = 7;
    static final int TREND_MAX_DAYS = 14;
    static final double P_TREND = 0.25;
    static final int MAX_TRENDS = 3;
    static final int MAX_LINES = 8;

    private static final long DAY = BusinessClock.DAY_MS;
    private static final long RETAILER_SALT = 0x4E7A11L;
    private static final long STAPLE_SALT = 0x57A91EL;
    private static final long CYCLE_SALT = 0xC1C1EL;
    private static final long GROUP_SALT = 0x6409BL;
    private static final long POPULARITY_SALT = 0x909L;
    private static final long TREND_SALT = 0x7AE9DL;
    private static final long DRAW_SALT = 0xD4A3L;

    /** Taste groups for a marketplace of this many retailers: max(4, retailers / 60). */
    static int tasteGroupsFor(int retailers) { return Math.max(4, retailers / 60); }

    private record Group(int[] products, double[] cumulative) {}

    private static final class Habit {
        final long id;
        final long region;
        final int group;
        final long intervalMs;
        final int[] staples;
        final long[] cycleMs;
        /** Business time each staple was last bought; Long.MIN_VALUE when unknown (never, or not yet started). */
        final long[] lastBought;
        long lastOrder = Long.MIN_VALUE;

        Habit(long id, long region, int group, long intervalMs, int[] staples, long[] cycleMs) {
            this.id = id;
            this.region = region;
            this.group = group;
            this.intervalMs = intervalMs;
            this.staples = staples;
            this.cycleMs = cycleMs;
            this.lastBought = new long[staples.length];
            Arrays.fill(lastBought, Long.MIN_VALUE);
        }
    }

    private record Slot(long due, int retailer) {}

    private record Trend(long startDay, long endDay, long region, int product) {}

    private final long seed;
    private final BusinessClock clock;
    /** With the database's clock: business time taken as standing still at the run's start. */
    private final long frozenAt;
    private final List<Long> productIds;
    private final List<Long> regionIds;
    private final List<String> segments;
    /** Products known when the habits were built; later listings join no group. */
    private final int catalogSize;
    private final double[] popularity;
    private final double[] popularityCumulative;
    private final int[] bestSellers;
    private final Group[] groups;
    private final List<Habit> habits = new ArrayList<>();
    private final Map<Long, Integer> retailerIndex = new HashMap<>();
    private final PriorityQueue<Slot> queue = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Integer.compare(a.retailer, b.retailer));
    private final Map<Long, Integer> trendProducts = new HashMap<>();
    private long epochMs;
    private Random draws;
    private boolean started;
    private long trendsDay = Long.MIN_VALUE;
    private List<Trend> trends = List.of();

    /**
     * @param productIds      the simulator's active catalog, by index (read live: products listed later can trend)
     * @param productCategory each product's category, by the same index
     * @param regionIds       the marketplace's regions, in id order
     * @param segments        retailer segments; group {@code g}'s home segment is {@code segments[g % segments.size()]}
     */
    BuyingHabits(long seed, int tasteGroups, BusinessClock clock, List<Long> productIds, List<Long> productCategory,
                 List<Long> regionIds, List<String> segments) {
        this.seed = seed;
        this.clock = clock;
        this.frozenAt = clock.nowMs();
        this.epochMs = frozenAt;
        this.productIds = productIds;
        this.regionIds = List.copyOf(regionIds);
        this.segments = List.copyOf(segments);
        this.catalogSize = productIds.size();
        this.draws = new Random(mix(seed, DRAW_SALT, 0));

        // Global popularity: Zipf over a seeded order of the catalog.
        Integer[] byRank = new Integer[catalogSize];
        long[] rankKey = new long[catalogSize];
        for (int p = 0; p < catalogSize; p++) {
            byRank[p] = p;
            rankKey[p] = mix(seed, POPULARITY_SALT, productIds.get(p));
        }
        Arrays.sort(byRank, (a, b) -> rankKey[a] != rankKey[b] ? Long.compare(rankKey[a], rankKey[b]) : Integer.compare(a, b));
        popularity = new double[catalogSize];
        for (int rank = 0; rank < catalogSize; rank++) popularity[byRank[rank]] = 1 / Math.pow(rank + 1, GLOBAL_ZIPF);
        popularityCumulative = cumulative(popularity);
        bestSellers = new int[Math.min(BEST_SELLER_POOL, catalogSize)];
        for (int i = 0; i < bestSellers.length; i++) bestSellers[i] = byRank[i];

        Map<Long, List<Integer>> byCategory = new HashMap<>();
        for (int p = 0; p < catalogSize; p++) byCategory.computeIfAbsent(productCategory.get(p), k -> new ArrayList<>()).add(p);
        List<Long> categories = new ArrayList<>(new TreeSet<>(byCategory.keySet()));
        groups = new Group[Math.max(1, tasteGroups)];
        for (int g = 0; g < groups.length; g++) groups[g] = group(g, categories, byCategory);
    }

    private Group group(int g, List<Long> categories, Map<Long, List<Integer>> byCategory) {
        Random gr = new Random(mix(seed, GROUP_SALT, g));
        List<Long> shuffled = new ArrayList<>(categories);
        Collections.shuffle(shuffled, gr);
        List<Long> favourites = shuffled.subList(0, Math.min(shuffled.size(), 2 + gr.nextInt(2)));
        int size = GROUP_MIN + gr.nextInt(GROUP_MAX - GROUP_MIN + 1);
        int fromFavourites = (int) Math.round(size * GROUP_FAVOURITE_SHARE);
        List<Integer> candidates = new ArrayList<>();
        for (long c : favourites) candidates.addAll(byCategory.getOrDefault(c, List.of()));
        // Weighted sampling without replacement by hashed keys (Efraimidis-Spirakis): stable as the catalog changes.
        List<Integer> liked = topByKey(candidates, fromFavourites, p -> Math.log(unit(mix(seed, GROUP_SALT, g, productIds.get(p))))
                / Math.pow(popularity[p], 0.25));
        Set<Integer> chosen = new LinkedHashSet<>(liked);
        List<Integer> others = new ArrayList<>();
        for (int p : bestSellers) if (!chosen.contains(p)) others.add(p);
        List<Integer> sellers = topByKey(others, size - liked.size(), p -> Math.log(unit(mix(seed, GROUP_SALT + 1, g, productIds.get(p))))
                / popularity[p]);
        // The group's own favourites lead; best-sellers are mixed in every fifth rank from the tenth (trades share few products).
        List<Integer> list = new ArrayList<>(liked);
        for (int i = 0; i < sellers.size(); i++) list.add(Math.min(list.size(), 9 + 5 * i), sellers.get(i));
        if (list.isEmpty()) for (int p = 0; p < Math.min(catalogSize, size); p++) list.add(p);
        double[] weights = new double[list.size()];
        for (int rank = 0; rank < weights.length; rank++) weights[rank] = 1 / Math.pow(rank + 1, GROUP_ZIPF);
        return new Group(list.stream().mapToInt(Integer::intValue).toArray(), cumulative(weights));
    }

    /** The {@code k} items with the largest keys (ties to the smaller item), largest first. */
    private static List<Integer> topByKey(List<Integer> items, int k, java.util.function.IntToDoubleFunction key) {
        if (k <= 0 || items.isEmpty()) return new ArrayList<>();
        record Keyed(double key, int item) {}
        java.util.Comparator<Keyed> ascending = (a, b) -> a.key != b.key ? Double.compare(a.key, b.key) : Integer.compare(b.item, a.item);
        PriorityQueue<Keyed> heap = new PriorityQueue<>(ascending); // the smallest kept key on top
        for (int item : items) {
            Keyed e = new Keyed(key.applyAsDouble(item), item);
            if (heap.size() < k) heap.add(e);
            else if (ascending.compare(e, heap.peek()) > 0) {
                heap.poll();
                heap.add(e);
            }
        }
        List<Keyed> top = new ArrayList<>(heap);
        top.sort(ascending.reversed());
        List<Integer> result = new ArrayList<>();
        for (Keyed e : top) result.add(e.item);
        return result;
    }

    /** Adds a retailer's habits (derived from the seed and its id); scheduled at once if the habits have started. */
    int addRetailer(long id, long region, String segment) {
        Random rr = new Random(mix(seed, RETAILER_SALT, id));
        double days = INTERVAL_MEDIAN_DAYS * Math.exp(INTERVAL_SIGMA * rr.nextGaussian());
        long intervalMs = (long) (Math.max(INTERVAL_MIN_DAYS, Math.min(INTERVAL_MAX_DAYS, days)) * DAY);
        int home = segments.indexOf(segment);
        int g;
        if (rr.nextDouble() < P_SEGMENT_GROUP && home >= 0 && home < groups.length) {
            int ofSegment = (groups.length - home + segments.size() - 1) / segments.size(); // groups g with g % |segments| == home
            g = home + segments.size() * rr.nextInt(ofSegment);
        } else {
            g = rr.nextInt(groups.length);
        }
        int count = STAPLES_MIN + rr.nextInt(STAPLES_MAX - STAPLES_MIN + 1);
        Group group = groups[g];
        List<Integer> ranks = new ArrayList<>();
        for (int rank = 0; rank < group.products.length; rank++) ranks.add(rank);
        List<Integer> stapleRanks = topByKey(ranks, count, rank -> Math.log(unit(mix(seed, STAPLE_SALT, id, productIds.get(group.products[rank]))))
                / weight(group, rank));
        int[] staples = new int[stapleRanks.size()];
        long[] cycles = new long[staples.length];
        for (int i = 0; i < staples.length; i++) {
            staples[i] = group.products[stapleRanks.get(i)];
            double u = unit(mix(seed, CYCLE_SALT, id, productIds.get(staples[i])));
            int k = 1;
            double acc = CYCLE_K_WEIGHTS[0];
            while (k < CYCLE_K_WEIGHTS.length && u >= acc) acc += CYCLE_K_WEIGHTS[k++];
            cycles[i] = intervalMs * k;
        }
        int index = habits.size();
        Habit h = new Habit(id, region, g, intervalMs, staples, cycles);
        habits.add(h);
        retailerIndex.put(id, index);
        if (started) begin(index);
        return index;
    }

    /**
     * Reads what earlier runs left: each retailer's last order and each (retailer, product)'s last purchase (business
     * time, any status), and the marketplace's epoch (its earliest sign-up) for the trend calendar. Call after adding
     * the retailers, before {@link #start}.
     */
    void loadHistory(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT min(signup_at), (SELECT count(*) FROM orders) FROM retailers")) {
                rs.next();
                Timestamp epoch = rs.getTimestamp(1);
                if (epoch != null) epochMs = epoch.getTime();
                draws = new Random(mix(seed, DRAW_SALT, rs.getLong(2)));
            }
            try (ResultSet rs = s.executeQuery("SELECT retailer_id, max(placed_at) FROM orders GROUP BY retailer_id")) {
                while (rs.next()) {
                    Integer r = retailerIndex.get(rs.getLong(1));
                    if (r != null) habits.get(r).lastOrder = rs.getTimestamp(2).getTime();
                }
            }
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery("SELECT o.retailer_id, i.product_id, max(o.placed_at) FROM order_items i "
                    + "JOIN orders o ON o.id = i.order_id GROUP BY o.retailer_id, i.product_id")) {
                while (rs.next()) {
                    Integer r = retailerIndex.get(rs.getLong(1));
                    if (r != null) bought(habits.get(r), rs.getLong(2), rs.getTimestamp(3).getTime());
                }
            }
        }
    }

    /** Records a purchase known from history (the latest one wins). */
    void history(long retailerId, long productId, long atMs) {
        Integer r = retailerIndex.get(retailerId);
        if (r == null) return;
        Habit h = habits.get(r);
        h.lastOrder = Math.max(h.lastOrder, atMs);
        bought(h, productId, atMs);
    }

    private void bought(Habit h, long productId, long atMs) {
        for (int i = 0; i < h.staples.length; i++) {
            if (productIds.get(h.staples[i]) == productId) h.lastBought[i] = Math.max(h.lastBought[i], atMs);
        }
    }

    /** Schedules every retailer: the next order due one interval after its last, or within one interval if it has none. */
    void start() {
        started = true;
        for (int r = 0; r < habits.size(); r++) begin(r);
    }

    private void begin(int r) {
        Habit h = habits.get(r);
        long now = now();
        for (int i = 0; i < h.staples.length; i++) {
            if (h.lastBought[i] == Long.MIN_VALUE) h.lastBought[i] = now - (long) (h.cycleMs[i] * draws.nextDouble());
        }
        long due = h.lastOrder == Long.MIN_VALUE ? now + (long) (h.intervalMs * draws.nextDouble())
                : h.lastOrder + (long) (h.intervalMs * jitter());
        queue.add(new Slot(due, r));
    }

    /** The business time the habits go by. */
    long now() { return clock.simulated() ? clock.nowMs() : frozenAt; }

    /** The retailer whose next order is most overdue; its next order is scheduled at once (refused or not). */
    int nextRetailer() {
        Slot s = queue.poll();
        if (s == null) throw new IllegalStateException("no retailers");
        Habit h = habits.get(s.retailer);
        queue.add(new Slot(Math.max(now(), s.due) + (long) (h.intervalMs * jitter()), s.retailer));
        return s.retailer;
    }

    /** The products (catalog indices, distinct, 1 to {@value #MAX_LINES}; none only with an empty catalog) retailer {@code r} wants now. */
    List<Integer> basket(int r) {
        Habit h = habits.get(r);
        long now = now();
        List<Integer> due = new ArrayList<>();
        List<Integer> early = new ArrayList<>();
        int nearest = -1;
        double nearestGap = Double.POSITIVE_INFINITY;
        Set<Integer> staples = new java.util.HashSet<>();
        for (int i = 0; i < h.staples.length; i++) {
            staples.add(h.staples[i]);
            double gap = h.cycleMs[i] * jitter() - h.intervalMs / 2.0 - (double) (now - h.lastBought[i]);
            boolean isDue = gap <= 0;
            if (draws.nextDouble() < (isDue ? P_DUE : P_NOT_DUE)) (isDue ? due : early).add(h.staples[i]);
            if (gap < nearestGap) {
                nearestGap = gap;
                nearest = h.staples[i];
            }
        }
        LinkedHashSet<Integer> basket = new LinkedHashSet<>(due);
        for (Trend t : trends(now)) {
            if (t.region == h.region && draws.nextDouble() < P_TREND) basket.add(t.product);
        }
        Group group = groups[h.group];
        int exploring = draws.nextInt(EXPLORATION_MAX + 1);
        for (int i = 0, tries = 0; i < exploring && tries < 10; tries++) {
            int p = group.products[sample(group.cumulative)];
            if (staples.contains(p) || basket.contains(p)) continue;
            basket.add(p);
            i++;
        }
        if (catalogSize > 0 && draws.nextDouble() < P_IMPULSE) basket.add(sample(popularityCumulative));
        basket.addAll(early);
        if (basket.isEmpty() && nearest >= 0) basket.add(nearest);
        if (basket.isEmpty() && group.products.length > 0) basket.add(group.products[sample(group.cumulative)]);
        List<Integer> lines = new ArrayList<>(basket);
        if (lines.size() > MAX_LINES) lines = new ArrayList<>(lines.subList(0, MAX_LINES));
        Collections.shuffle(lines, draws);
        return lines;
    }

    /** Records the products retailer {@code r} bought in an order that was placed. */
    void bought(int r, List<Integer> products) {
        Habit h = habits.get(r);
        long now = now();
        h.lastOrder = now;
        for (int p : products) {
            for (int i = 0; i < h.staples.length; i++) if (h.staples[i] == p) h.lastBought[i] = now;
        }
    }

    /** The trends hot at business time {@code now}: at most {@value #MAX_TRENDS}, the earliest started first. */
    private List<Trend> trends(long now) {
        long day = Math.floorDiv(now - epochMs, DAY);
        if (day == trendsDay) return trends;
        List<Trend> hot = new ArrayList<>();
        for (long d = day - TREND_MAX_DAYS + 1; d <= day && hot.size() < MAX_TRENDS && !regionIds.isEmpty(); d++) {
            long h = mix(seed, TREND_SALT, d);
            if (unit(h) >= P_TREND_PER_DAY) continue;
            long h2 = splitmix(h);
            long end = d + TREND_MIN_DAYS + Math.floorMod(h2, TREND_MAX_DAYS - TREND_MIN_DAYS + 1);
            if (end <= day) continue;
            long region = regionIds.get((int) Math.floorMod(h2 >>> 16, regionIds.size()));
            Integer product = trendProducts.computeIfAbsent(d, this::trendProduct);
            if (product >= 0) hot.add(new Trend(d, end, region, product));
        }
        trendProducts.keySet().removeIf(d -> d <= day - TREND_MAX_DAYS);
        trendsDay = day;
        trends = hot;
        return hot;
    }

    /** The catalog product with the smallest hash for this trend day: uniform, and the same while the catalog is. */
    private int trendProduct(long day) {
        int best = -1;
        long bestHash = Long.MAX_VALUE;
        for (int p = 0; p < productIds.size(); p++) {
            long h = mix(seed, TREND_SALT, day, productIds.get(p)) >>> 1;
            if (h < bestHash) {
                bestHash = h;
                best = p;
            }
        }
        return best;
    }

    // ---- ground truth, for tests and evaluation -----------------------------------------------------

    int retailerCount() { return habits.size(); }
    int group(int r) { return habits.get(r).group; }
    int[] staples(int r) { return habits.get(r).staples.clone(); }
    long intervalMs(int r) { return habits.get(r).intervalMs; }
    long cycleMs(int r, int staple) { return habits.get(r).cycleMs[staple]; }
    int[] groupProducts(int g) { return groups[g].products.clone(); }
    int groups() { return groups.length; }

    // ---- helpers ------------------------------------------------------------------------------

    private double jitter() { return JITTER_LOW + (JITTER_HIGH - JITTER_LOW) * draws.nextDouble(); }

    private static double weight(Group g, int rank) {
        return g.cumulative[rank] - (rank == 0 ? 0 : g.cumulative[rank - 1]);
    }

    private int sample(double[] cumulative) {
        double x = draws.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, x);
        i = i >= 0 ? i + 1 : -i - 1;
        return Math.min(i, cumulative.length - 1);
    }

    private static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) c[i] = sum += weights[i];
        return c;
    }

    static long mix(long a, long b, long c) { return splitmix(splitmix(splitmix(a) ^ b) ^ c); }

    static long mix(long a, long b, long c, long d) { return splitmix(mix(a, b, c) ^ d); }

    static long splitmix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A hash as a number in (0, 1). */
    static double unit(long h) { return ((h >>> 11) + 0.5) * 0x1.0p-53; }
}
