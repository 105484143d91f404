package com.wholesaleos.marketplace.simulator;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Writes realistic B2B marketplace activity through JDBC transactions, as the core service would:
 * sign-ups and referrals, orders with several lines, confirmations, shipments by regional distributors,
 * deliveries, cancellations, full and partial refunds, failed then retried payments, reviews.
 * Who orders and what is in the basket follow the retailers' latent {@link BuyingHabits} (reorder cycles, taste
 * groups, regional trends, global popularity); everything else draws from one seeded generator. Both are seeded from
 * the plan, so the same seed on a fresh database gives the same data.
 */
public final class MarketplaceSimulator {

    /** @param ordersPerSecond 0 for as fast as the database takes them; @param orders 0 and duration null for until stopped. */
    /**
     * @param fraud with fraud scenarios and their labels (ground truth in simulation.fraud_labels) among normal traffic,
     *              on a business clock that runs weeks of commerce in minutes (see {@link BusinessClock})
     */
    /**
     * @param businessClock on a simulated business clock that runs weeks of commerce in minutes (always with fraud
     *                      scenarios): account ages, reorder cycles and trends then mean something
     */
    /**
     * @param connections orders placed over this many connections at once, each a lane with a share of the retailers,
     *                    of the rate and of the orders (a marketplace's buyers do not wait for each other). With one, the
     *                    same seed on a fresh database gives the same data; fraud scenarios and the business clock keep to
     *                    one, since their timing is a single story.
     */
    public record Plan(GrowthPhase phase, double ordersPerSecond, long orders, Duration duration, long seed, boolean fraud, boolean businessClock,
                       int connections) {
        public Plan {
            if (connections < 1) throw new IllegalArgumentException("connections must be >= 1, not " + connections);
        }

        public Plan(GrowthPhase phase, double ordersPerSecond, long orders, Duration duration, long seed, boolean fraud, boolean businessClock) {
            this(phase, ordersPerSecond, orders, duration, seed, fraud, businessClock, 1);
        }

        public Plan(GrowthPhase phase, double ordersPerSecond, long orders, Duration duration, long seed) {
            this(phase, ordersPerSecond, orders, duration, seed, false, false);
        }

        public Plan(GrowthPhase phase, double ordersPerSecond, long orders, Duration duration, long seed, boolean fraud) {
            this(phase, ordersPerSecond, orders, duration, seed, fraud, fraud);
        }

        public Plan withConnections(int n) {
            return new Plan(phase, ordersPerSecond, orders, duration, seed, fraud, businessClock, n);
        }

        /** How many lanes actually run: one with fraud scenarios or the business clock. */
        int lanes() {
            return fraud || businessClock ? 1 : connections;
        }
    }

    public record Result(long ordersPlaced, long transactions, double elapsedSeconds, long reconnects, long refusedByRisk) {}

    private static final String CURRENCY = "USD";
    private static final String[] SEGMENTS = {"independent", "chain", "online", "horeca"};
    private static final String[] REGIONS = {"us-east", "us-west", "us-central", "us-south", "ca", "mx", "uk", "eu-central"};
    private static final String[] CATEGORIES = {"beverages", "snacks", "dairy", "frozen", "household", "personal-care",
            "baby", "pet", "produce", "bakery", "health", "stationery"};
    private static final String[] METHODS = {"card", "bank_transfer", "net_terms", "wallet"};

    private record Line(int lineNo, long productId, long categoryId, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {}

    private static final class OpenOrder {
        final long id;
        final int retailer;
        final List<Line> lines;
        final BigDecimal[] refunded;
        long paymentId;
        boolean paymentFailed;

        OpenOrder(long id, int retailer, List<Line> lines) {
            this.id = id;
            this.retailer = retailer;
            this.lines = lines;
            this.refunded = new BigDecimal[lines.size()];
            java.util.Arrays.fill(refunded, BigDecimal.ZERO.setScale(2));
        }
    }

    private final MarketplaceDatabase database;
    private final Plan plan;
    private final int lane;
    private final int lanes;
    private final long laneSeed;
    private final Random random;

    private final List<Long> retailerIds = new ArrayList<>();
    private final List<Long> retailerRegion = new ArrayList<>();
    private final List<String> retailerSegment = new ArrayList<>();
    private final List<String> retailerAddress = new ArrayList<>();
    private final List<String> retailerDevice = new ArrayList<>();
    /** Personal facts (phones, addresses, devices) draw from their own sequence, so the orders a seed makes stay the same. */
    private final Random identities;
    private final List<Long> productIds = new ArrayList<>();
    private final List<Long> productCategory = new ArrayList<>();
    private final List<BigDecimal> productPrice = new ArrayList<>();
    private final List<Integer> productMoq = new ArrayList<>();
    private final Map<Long, List<Long>> distributorsByRegion = new HashMap<>();

    private final Deque<OpenOrder> placed = new ArrayDeque<>();
    private final Deque<OpenOrder> confirmed = new ArrayDeque<>();
    private final Deque<OpenOrder> shipped = new ArrayDeque<>();
    private final List<OpenOrder> delivered = new ArrayList<>();

    /** How long the simulator keeps trying to reconnect to a database that went away before it gives up. */
    private static final java.time.Duration RECONNECT_FOR = java.time.Duration.ofMinutes(5);
    /** Largest value of the core schema's money columns, NUMERIC(18,2). */
    static final BigDecimal MAX_MONEY = new BigDecimal("9999999999999999.99");

    Connection connection;
    /** The marketplace's clock: the database's now() normally, a simulated one with fraud scenarios. */
    final BusinessClock clock;
    private final Map<Long, Long> pendingReferralByReferee = new HashMap<>();
    private final List<Long> manufacturerIds = new ArrayList<>();
    private final List<Long> productManufacturer = new ArrayList<>();
    /** Retailers whose every order is big: look-alikes of the amount anomaly. */
    private final java.util.Set<Integer> bigBuyers = new java.util.HashSet<>();
    private FraudScenarios scenarios;
    /** Who orders next and what: the retailers' latent habits (ground truth, never written). */
    private BuyingHabits habits;
    private long transactions;
    private long reconnects;
    private long refusedByRisk;

    public MarketplaceSimulator(MarketplaceDatabase database, Plan plan) {
        this(database, plan, 0, 1);
    }

    /** Lane {@code lane} of {@code lanes}: the retailers whose position among them is {@code lane} modulo {@code lanes}. */
    private MarketplaceSimulator(MarketplaceDatabase database, Plan plan, int lane, int lanes) {
        this.database = database;
        this.plan = plan;
        this.lane = lane;
        this.lanes = lanes;
        this.laneSeed = lane == 0 ? plan.seed() : plan.seed() * 0x9E3779B97F4A7C15L + lane;
        this.random = new Random(laneSeed);
        this.identities = new Random(laneSeed ^ 0x5EEDL);
        this.clock = plan.fraud() || plan.businessClock() ? BusinessClock.simulatedFromDatabase() : BusinessClock.database();
    }

    /**
     * Seeds the catalog up to the phase's size (idempotent), then places orders until the plan or {@code stop} ends it,
     * over the plan's connections.
     */
    public Result run(Consumer<SimulationProgress> progress, BooleanSupplier stop) throws SQLException {
        return lanes == 1 && plan.lanes() > 1 ? runLanes(progress, stop) : runLane(progress, stop);
    }

    /**
     * The catalog seeded once, then one simulator per lane on its own connection and thread; progress and the result add
     * the lanes up. A lane that fails stops the others, and its error is thrown.
     */
    private Result runLanes(Consumer<SimulationProgress> progress, BooleanSupplier stop) throws SQLException {
        try {
            connect();
            seedCatalog();
        } finally {
            close();
        }
        int n = plan.lanes();
        SimulationProgress[] latest = new SimulationProgress[n];
        AtomicBoolean failed = new AtomicBoolean();
        long start = System.nanoTime();
        long[] lastReport = {start};
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Result>> lanesRunning = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                long orders = plan.orders() == 0 ? 0 : plan.orders() / n + (k < plan.orders() % n ? 1 : 0);
                if (plan.orders() > 0 && orders == 0) continue;
                int laneIndex = k;
                Plan lanePlan = new Plan(plan.phase(), plan.ordersPerSecond() / n, orders, plan.duration(), plan.seed(), false, false, 1);
                MarketplaceSimulator laneSimulator = new MarketplaceSimulator(database, lanePlan, laneIndex, n);
                lanesRunning.add(pool.submit(() -> laneSimulator.runLane(p -> {
                    synchronized (latest) {
                        latest[laneIndex] = p;
                        long now = System.nanoTime();
                        if (now - lastReport[0] >= 1_000_000_000L) {
                            lastReport[0] = now;
                            progress.accept(sum(latest, plan.orders(), (now - start) / 1e9));
                        }
                    }
                }, () -> failed.get() || stop.getAsBoolean())));
            }
            List<Result> results = new ArrayList<>();
            Throwable firstFailure = null;
            for (Future<Result> f : lanesRunning) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    failed.set(true);
                    if (firstFailure == null) firstFailure = e.getCause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.set(true);
                    if (firstFailure == null) firstFailure = e;
                }
            }
            if (firstFailure instanceof SQLException sql) throw sql;
            if (firstFailure instanceof RuntimeException re) throw re;
            if (firstFailure != null) throw new IllegalStateException("a simulator lane failed", firstFailure);
            double elapsed = (System.nanoTime() - start) / 1e9;
            synchronized (latest) {
                progress.accept(sum(latest, plan.orders(), elapsed));
            }
            return new Result(results.stream().mapToLong(Result::ordersPlaced).sum(), results.stream().mapToLong(Result::transactions).sum(), elapsed,
                    results.stream().mapToLong(Result::reconnects).sum(), results.stream().mapToLong(Result::refusedByRisk).sum());
        } finally {
            pool.shutdownNow();
        }
    }

    private static SimulationProgress sum(SimulationProgress[] lanes, long targetOrders, double elapsedSeconds) {
        long orders = 0;
        long transactions = 0;
        for (SimulationProgress p : lanes) {
            if (p == null) continue;
            orders += p.ordersPlaced();
            transactions += p.transactions();
        }
        return new SimulationProgress(orders, targetOrders, transactions, elapsedSeconds);
    }

    private void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
        }
        connection = null;
    }

    private Result runLane(Consumer<SimulationProgress> progress, BooleanSupplier stop) throws SQLException {
        try {
            connect();
            if (clock.simulated()) {
                try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT greatest((SELECT max(updated_at) FROM orders), (SELECT max(signup_at) FROM retailers), (SELECT max(updated_at) FROM payments))")) {
                    rs.next();
                    clock.startAfter(rs.getTimestamp(1));
                }
                connection.commit();
            }
            seedCatalog();
            loadCatalog();
            if (plan.fraud()) scenarios = new FraudScenarios(this, new Random(plan.seed() ^ 0xF4A0DL), plan.orders() > 0 ? plan.orders() : 5_000);
            long start = System.nanoTime();
            long lastReport = start;
            long placedCount = 0;
            long deadline = plan.duration() == null ? Long.MAX_VALUE : start + plan.duration().toNanos();
            while (!stop.getAsBoolean() && (plan.orders() <= 0 || placedCount < plan.orders()) && System.nanoTime() < deadline) {
                if (plan.ordersPerSecond() > 0) {
                    long due = start + (long) (placedCount * 1e9 / plan.ordersPerSecond());
                    long wait = due - System.nanoTime();
                    if (wait > 0) sleepNanos(Math.min(wait, 200_000_000L));
                    if (System.nanoTime() < due) continue;
                }
                try {
                    if (placeOrder()) placedCount++;
                    advanceLifecycles();
                    if (scenarios != null) scenarios.afterOrder(placedCount);
                } catch (SQLException e) {
                    if (!connectionLost(e)) throw e;
                    // The database went away (crash, restart, failover): what was committed is safe; the step in flight
                    // was rolled back by the server, so reconnect and go on with the next step.
                    System.err.println("simulator: lost the database connection (" + e.getMessage() + "); reconnecting ...");
                    reconnect(stop);
                    reconnects++;
                    System.err.println("simulator: reconnected; continuing");
                }
                long now = System.nanoTime();
                if (now - lastReport >= 1_000_000_000L) {
                    lastReport = now;
                    progress.accept(new SimulationProgress(placedCount, plan.orders(), transactions, (now - start) / 1e9));
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            progress.accept(new SimulationProgress(placedCount, plan.orders(), transactions, elapsed));
            return new Result(placedCount, transactions, elapsed, reconnects, refusedByRisk);
        } finally {
            close();
        }
    }

    private void connect() throws SQLException {
        connection = database.connect();
        connection.setAutoCommit(false);
    }

    /** SQLSTATE class 08 (connection exception) or 57P01-03 (admin/crash shutdown, cannot connect now), or a closed connection. */
    static boolean connectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) return true;
        }
        return false;
    }

    private void reconnect(BooleanSupplier stop) throws SQLException {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // it is broken
        }
        long backoffMs = 200;
        long deadline = System.nanoTime() + RECONNECT_FOR.toNanos();
        while (true) {
            try {
                connect();
                return;
            } catch (SQLException e) {
                if (!connectionLost(e) || stop.getAsBoolean() || System.nanoTime() > deadline) throw e;
                sleepNanos(backoffMs * 1_000_000);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- catalog -------------------------------------------------------------------------------

    private long count(String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void seedCatalog() throws SQLException {
        GrowthPhase phase = plan.phase();
        if (count("regions") == 0) {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO regions (code, name, currency) VALUES (?, ?, ?)")) {
                for (String r : REGIONS) {
                    ps.setString(1, r);
                    ps.setString(2, r.toUpperCase());
                    ps.setString(3, CURRENCY);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // Commission from 3% to 7% by category (fixed by position, so the simulation's random draws stay the same).
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO categories (name, commission_rate) VALUES (?, ?)")) {
                for (int i = 0; i < CATEGORIES.length; i++) {
                    ps.setString(1, CATEGORIES[i]);
                    ps.setBigDecimal(2, BigDecimal.valueOf(300 + (i % 5) * 100, 4));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            commit();
        }
        List<Long> regions = ids("regions");
        List<Long> categories = ids("categories");
        long manufacturers = count("manufacturers");
        if (manufacturers < phase.manufacturers) {
            try (PreparedStatement m = connection.prepareStatement(
                    "INSERT INTO manufacturers (name, region_id, payout_instrument, device_id, created_at, commission_rate) "
                            + "VALUES (?, ?, ?, ?, COALESCE(?, now()), ?) RETURNING id");
                 PreparedStatement p = connection.prepareStatement(
                    "INSERT INTO products (manufacturer_id, category_id, sku, name, unit_price, currency, moq, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, now()), COALESCE(?, now()))")) {
                for (long i = manufacturers; i < phase.manufacturers; i++) {
                    m.setString(1, "Manufacturer " + (i + 1));
                    m.setLong(2, pick(regions));
                    m.setString(3, "fp-p" + Long.toHexString(identities.nextLong() & 0xffffffffffL));
                    m.setString(4, device());
                    m.setTimestamp(5, clock.in(-400 * BusinessClock.DAY_MS));
                    // Every tenth manufacturer negotiated 2.5%; the rest pay their category's rate.
                    m.setBigDecimal(6, i % 10 == 9 ? new BigDecimal("0.0250") : null);
                    long manufacturerId;
                    try (ResultSet rs = m.executeQuery()) {
                        rs.next();
                        manufacturerId = rs.getLong(1);
                    }
                    long category = pick(categories);
                    for (int k = 0; k < phase.productsPerManufacturer(); k++) {
                        p.setLong(1, manufacturerId);
                        p.setLong(2, random.nextInt(4) == 0 ? pick(categories) : category);
                        p.setString(3, "SKU-" + manufacturerId + "-" + k);
                        p.setString(4, "Product " + manufacturerId + "/" + k);
                        p.setBigDecimal(5, BigDecimal.valueOf(100 + random.nextInt(19_900), 2));
                        p.setString(6, CURRENCY);
                        p.setInt(7, 1 + random.nextInt(4) * random.nextInt(3));
                        p.setTimestamp(8, clock.in(-300 * BusinessClock.DAY_MS));
                        p.setTimestamp(9, clock.in(-300 * BusinessClock.DAY_MS));
                        p.addBatch();
                    }
                    if (i % 200 == 199) p.executeBatch();
                }
                p.executeBatch();
            }
            commit();
        }
        long retailers = count("retailers");
        if (retailers < phase.retailers) {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO retailers (name, segment, region_id, signup_at, contact_phone, "
                    + "default_address, signup_device) VALUES (?, ?, ?, COALESCE(?, now()) - make_interval(secs => ?), ?, ?, ?)")) {
                for (long i = retailers; i < phase.retailers; i++) {
                    String segment = SEGMENTS[random.nextInt(SEGMENTS.length)];
                    long region = pick(regions);
                    ps.setString(1, "Retailer " + (i + 1));
                    ps.setString(2, segment);
                    ps.setLong(3, region);
                    // The established population signed up over the past year (business time), not when the run started.
                    ps.setTimestamp(4, clock.ts());
                    ps.setDouble(5, identities.nextInt(365 * 86_400));
                    ps.setString(6, phone());
                    ps.setString(7, address(region, segment));
                    ps.setString(8, device());
                    ps.addBatch();
                    if (i % 1000 == 999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            commit();
        }
        long distributors = count("distributors");
        if (distributors < phase.distributors) {
            try (PreparedStatement d = connection.prepareStatement("INSERT INTO distributors (name) VALUES (?) RETURNING id");
                 PreparedStatement dr = connection.prepareStatement(
                         "INSERT INTO distributor_regions (distributor_id, region_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (long i = distributors; i < phase.distributors; i++) {
                    d.setString(1, "Distributor " + (i + 1));
                    long id;
                    try (ResultSet rs = d.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    // Every region keeps at least one distributor; others serve one to three regions.
                    int served = 1 + random.nextInt(3);
                    for (int k = 0; k < served; k++) {
                        dr.setLong(1, id);
                        dr.setLong(2, i < regions.size() ? regions.get((int) i) : pick(regions));
                        dr.addBatch();
                        if (i < regions.size()) break;
                    }
                }
                dr.executeBatch();
            }
            commit();
        }
    }

    private List<Long> ids(String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rs.next()) ids.add(rs.getLong(1));
        }
        return ids;
    }

    private void loadCatalog() throws SQLException {
        try (Statement s = connection.createStatement()) {
            // Suspended retailers (blocked by the risk team) still try to order, and are refused (WO001).
            try (ResultSet rs = s.executeQuery("SELECT id, region_id, segment, default_address, signup_device FROM retailers WHERE status IN ('active', 'suspended') ORDER BY id")) {
                for (int position = 0; rs.next(); position++) {
                    if (position % lanes != lane) continue; // another lane's retailer
                    retailerIds.add(rs.getLong(1));
                    retailerRegion.add(rs.getLong(2));
                    retailerSegment.add(rs.getString(3));
                    retailerAddress.add(rs.getString(4));
                    retailerDevice.add(rs.getString(5));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT id FROM manufacturers ORDER BY id")) {
                while (rs.next()) manufacturerIds.add(rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT id, category_id, unit_price, moq, manufacturer_id FROM products WHERE status = 'active' ORDER BY id")) {
                while (rs.next()) {
                    productManufacturer.add(rs.getLong(5));
                    productIds.add(rs.getLong(1));
                    productCategory.add(rs.getLong(2));
                    productPrice.add(rs.getBigDecimal(3));
                    productMoq.add(rs.getInt(4));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT region_id, distributor_id FROM distributor_regions ORDER BY region_id, distributor_id")) {
                while (rs.next()) distributorsByRegion.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            }
        }
        // Habits are recomputed from the seed and ids; what earlier runs bought (and when) carries their cycles on.
        habits = new BuyingHabits(laneSeed, BuyingHabits.tasteGroupsFor(plan.phase().retailers), clock, productIds, productCategory,
                ids("regions"), List.of(SEGMENTS));
        for (int i = 0; i < retailerIds.size(); i++) habits.addRetailer(retailerIds.get(i), retailerRegion.get(i), retailerSegment.get(i));
        habits.loadHistory(connection);
        habits.start();
        connection.commit();
        if (plan.fraud()) {
            // About one retailer in a hundred always buys big: the amount anomaly's look-alike.
            Random big = new Random(plan.seed() ^ 0xB16L);
            for (int i = 0; i < retailerIds.size(); i++) if (big.nextInt(100) == 0) bigBuyers.add(i);
        }
    }

    private long pick(List<Long> ids) { return ids.get(random.nextInt(ids.size())); }

    private void commit() throws SQLException {
        connection.commit();
        transactions++;
    }

    // ---- order lifecycle -----------------------------------------------------------------------

    private void advanceLifecycles() throws SQLException {
        // Each stage drains with a lag of a few orders, so lifecycles of many orders interleave as in production.
        if (placed.size() > 2 && random.nextInt(100) < 95) {
            OpenOrder o = placed.poll();
            if (random.nextInt(100) < 7) cancel(o, false); else confirm(o);
        }
        if (confirmed.size() > 2 && random.nextInt(100) < 90) {
            OpenOrder o = confirmed.poll();
            if (random.nextInt(100) < 3) cancel(o, true); else ship(o);
        }
        if (shipped.size() > 2 && random.nextInt(100) < 90) deliver(shipped.poll());
        if (!delivered.isEmpty() && random.nextInt(100) < 10) {
            int idx = random.nextInt(delivered.size());
            OpenOrder o = delivered.get(idx);
            if (random.nextInt(100) < 35) {
                fullRefund(o);
                delivered.set(idx, delivered.get(delivered.size() - 1));
                delivered.remove(delivered.size() - 1);
            } else {
                partialRefund(o);
            }
        }
        if (!delivered.isEmpty() && random.nextInt(100) < 15) review(delivered.get(random.nextInt(delivered.size())));
        if (random.nextInt(100) < 2) signUp();
        if (random.nextInt(100) < 1) listProduct();
        while (delivered.size() > 5_000) delivered.remove(0);
    }

    /** Places one order; false when no product fits the money columns (prices near their maximum). */
    private boolean placeOrder() throws SQLException {
        // Business time between orders: each retailer orders every few days, as wholesale buyers do.
        clock.advance(4 * BusinessClock.DAY_MS / Math.max(1, retailerIds.size()));
        int r = habits.nextRetailer();
        List<Line> lines = new ArrayList<>();
        List<Integer> bought = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (int p : habits.basket(r)) {
            int quantity = productMoq.get(p) * (1 + random.nextInt(12)) * (bigBuyers.contains(r) ? 12 : 1);
            BigDecimal price = productPrice.get(p);
            // A product priced near the column's maximum: order only what the line and the order total can hold.
            long fits = price.signum() == 0 ? quantity : MAX_MONEY.subtract(total).divideToIntegralValue(price).min(BigDecimal.valueOf(quantity)).longValue();
            int moq = Math.max(1, productMoq.get(p));
            quantity = (int) (fits / moq) * moq;
            if (quantity <= 0) continue;
            BigDecimal lineTotal = price.multiply(BigDecimal.valueOf(quantity));
            lines.add(new Line(lines.size() + 1, productIds.get(p), productCategory.get(p), quantity, price, lineTotal));
            bought.add(p);
            total = total.add(lineTotal);
        }
        if (lines.isEmpty()) return false;
        long orderId;
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, total_amount, "
                + "ship_to_address, device_id, placed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, now()), COALESCE(?, now())) RETURNING id")) {
            ps.setLong(1, retailerIds.get(r));
            ps.setLong(2, retailerRegion.get(r));
            ps.setString(3, retailerSegment.get(r));
            ps.setString(4, CURRENCY);
            ps.setBigDecimal(5, total);
            // Mostly to the retailer's own address from its own device; sometimes a second site or a phone.
            ps.setString(6, identities.nextInt(100) < 95 || retailerAddress.get(r) == null ? retailerAddress.get(r)
                    : address(retailerRegion.get(r), retailerSegment.get(r)));
            ps.setString(7, identities.nextInt(100) < 90 || retailerDevice.get(r) == null ? retailerDevice.get(r) : retailerDevice.get(r) + "-m");
            ps.setTimestamp(8, clock.ts());
            ps.setTimestamp(9, clock.ts());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                orderId = rs.getLong(1);
            }
        } catch (SQLException e) {
            if (!"WO001".equals(e.getSQLState())) throw e;
            connection.rollback(); // the risk team blocked this retailer: the marketplace refuses its orders
            refusedByRisk++;
            return false;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO order_items (order_id, line_no, product_id, category_id, quantity, unit_price, line_total, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, now()))")) {
            for (Line l : lines) {
                ps.setLong(1, orderId);
                ps.setInt(2, l.lineNo());
                ps.setLong(3, l.productId());
                ps.setLong(4, l.categoryId());
                ps.setInt(5, l.quantity());
                ps.setBigDecimal(6, l.unitPrice());
                ps.setBigDecimal(7, l.lineTotal());
                ps.setTimestamp(8, clock.ts());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        history(orderId, "placed");
        OpenOrder o = new OpenOrder(orderId, r, lines);
        o.paymentFailed = random.nextInt(100) < 12;
        o.paymentId = insertPayment(o, 1, total, o.paymentFailed ? "failed" : "authorized",
                o.paymentFailed ? (random.nextBoolean() ? "insufficient_funds" : "do_not_honor") : null);
        commit();
        habits.bought(r, bought);
        placed.add(o);
        return true;
    }

    private long insertPayment(OpenOrder o, int attempt, BigDecimal amount, String status, String failure) throws SQLException {
        int method = (int) (retailerIds.get(o.retailer) % METHODS.length);
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO payments (order_id, attempt, method, instrument_fingerprint, amount, currency, status, failure_reason, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, now()), COALESCE(?, now())) RETURNING id")) {
            ps.setLong(1, o.id);
            ps.setInt(2, attempt);
            ps.setString(3, METHODS[method]);
            ps.setString(4, "fp-" + Long.toHexString(retailerIds.get(o.retailer) * 2654435761L + attempt / 2));
            ps.setBigDecimal(5, amount);
            ps.setString(6, CURRENCY);
            ps.setString(7, status);
            ps.setString(8, failure);
            ps.setTimestamp(9, clock.ts());
            ps.setTimestamp(10, clock.ts());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void setStatus(long orderId, String status) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE orders SET status = ?, updated_at = COALESCE(?, now()) WHERE id = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, clock.ts());
            ps.setLong(3, orderId);
            ps.executeUpdate();
        }
        history(orderId, status);
    }

    private void history(long orderId, String status) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO order_status_history (order_id, status, changed_at) VALUES (?, ?, COALESCE(?, now()))")) {
            ps.setLong(1, orderId);
            ps.setString(2, status);
            ps.setTimestamp(3, clock.ts());
            ps.executeUpdate();
        }
    }

    private void paymentStatus(long paymentId, String status) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE payments SET status = ?, updated_at = COALESCE(?, now()) WHERE id = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, clock.ts());
            ps.setLong(3, paymentId);
            ps.executeUpdate();
        }
    }

    private BigDecimal total(OpenOrder o) {
        return o.lines.stream().map(Line::lineTotal).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    private void confirm(OpenOrder o) throws SQLException {
        if (o.paymentFailed) {
            // The retailer retried with the same instrument; the retry is captured at confirmation.
            o.paymentId = insertPayment(o, 2, total(o), "captured", null);
            o.paymentFailed = false;
        } else {
            paymentStatus(o.paymentId, "captured");
        }
        setStatus(o.id, "confirmed");
        commit();
        confirmed.add(o);
    }

    private void cancel(OpenOrder o, boolean afterConfirmation) throws SQLException {
        if (afterConfirmation) paymentStatus(o.paymentId, "refunded");
        setStatus(o.id, "cancelled");
        commit();
    }

    private void ship(OpenOrder o) throws SQLException {
        List<Long> candidates = distributorsByRegion.getOrDefault(retailerRegion.get(o.retailer), List.of());
        long distributor = candidates.isEmpty() ? distributorsByRegion.values().iterator().next().get(0) : pick(candidates);
        try {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO shipments (order_id, distributor_id, status, shipped_at) VALUES (?, ?, 'in_transit', COALESCE(?, now()))")) {
                ps.setLong(1, o.id);
                ps.setLong(2, distributor);
                ps.setTimestamp(3, clock.ts());
                ps.executeUpdate();
            }
            setStatus(o.id, "shipped");
        } catch (SQLException e) {
            if (!"WO002".equals(e.getSQLState())) throw e;
            connection.rollback(); // on hold by the risk team: it waits, confirmed, until released
            refusedByRisk++;
            confirmed.add(o);
            return;
        }
        commit();
        shipped.add(o);
    }

    private void deliver(OpenOrder o) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE shipments SET status = 'delivered', delivered_at = COALESCE(?, now()) WHERE order_id = ?")) {
            ps.setTimestamp(1, clock.ts());
            ps.setLong(2, o.id);
            ps.executeUpdate();
        }
        setStatus(o.id, "delivered");
        Long referral = pendingReferralByReferee.remove(retailerIds.get(o.retailer));
        if (referral != null) reward(referral); // the referral credit is paid on the referee's first delivered order
        commit();
        delivered.add(o);
    }

    private void insertRefund(OpenOrder o, int lineIndex, BigDecimal amount, String reason) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO refunds (order_id, line_no, amount, reason, created_at) VALUES (?, ?, ?, ?, COALESCE(?, now()))")) {
            ps.setLong(1, o.id);
            ps.setInt(2, o.lines.get(lineIndex).lineNo());
            ps.setBigDecimal(3, amount);
            ps.setString(4, reason);
            ps.setTimestamp(5, clock.ts());
            ps.executeUpdate();
        }
        o.refunded[lineIndex] = o.refunded[lineIndex].add(amount);
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE orders SET refunded_amount = refunded_amount + ?, updated_at = COALESCE(?, now()) WHERE id = ?")) {
            ps.setBigDecimal(1, amount);
            ps.setTimestamp(2, clock.ts());
            ps.setLong(3, o.id);
            ps.executeUpdate();
        }
    }

    private void partialRefund(OpenOrder o) throws SQLException {
        for (int i = 0; i < o.lines.size(); i++) {
            Line l = o.lines.get(i);
            if (l.quantity() >= 2 && o.refunded[i].signum() == 0) {
                int units = 1 + random.nextInt(l.quantity() - 1);
                insertRefund(o, i, l.unitPrice().multiply(BigDecimal.valueOf(units)), "damaged_units");
                commit();
                return;
            }
        }
    }

    private void fullRefund(OpenOrder o) throws SQLException {
        for (int i = 0; i < o.lines.size(); i++) {
            BigDecimal remaining = o.lines.get(i).lineTotal().subtract(o.refunded[i]);
            if (remaining.signum() > 0) insertRefund(o, i, remaining, "returned");
        }
        paymentStatus(o.paymentId, "refunded");
        setStatus(o.id, "refunded");
        commit();
    }

    private void review(OpenOrder o) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO reviews (order_id, retailer_id, product_id, rating, body, created_at) VALUES (?, ?, ?, ?, ?, COALESCE(?, now()))")) {
            ps.setLong(1, o.id);
            ps.setLong(2, retailerIds.get(o.retailer));
            ps.setLong(3, o.lines.get(0).productId());
            int rating = 1 + Math.min(4, (int) Math.round(Math.abs(random.nextGaussian()) * -1.2 + 4.6));
            ps.setInt(4, Math.max(1, Math.min(5, rating)));
            ps.setString(5, rating >= 4 ? "Arrived on time." : "Late and partly damaged.");
            ps.setTimestamp(6, clock.ts());
            ps.executeUpdate();
        }
        commit();
    }

    /**
     * A manufacturer lists a new product, priced like its category's others. It joins retailers' habits in the next
     * run (see {@link BuyingHabits}); until then it sells only if it becomes a trend.
     */
    private void listProduct() throws SQLException {
        int like = random.nextInt(productIds.size());
        long id;
        long manufacturer;
        try (PreparedStatement m = connection.prepareStatement("SELECT manufacturer_id FROM products WHERE id = ?")) {
            m.setLong(1, productIds.get(like));
            try (ResultSet rs = m.executeQuery()) {
                rs.next();
                manufacturer = rs.getLong(1);
            }
        }
        BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(19_900), 2);
        int moq = 1 + random.nextInt(4) * random.nextInt(3);
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO products (manufacturer_id, category_id, sku, name, unit_price, currency, moq, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, now()), COALESCE(?, now())) RETURNING id")) {
            ps.setLong(1, manufacturer);
            ps.setLong(2, productCategory.get(like));
            ps.setString(3, "SKU-" + manufacturer + "-n" + productIds.size() + (lane == 0 ? "" : "-l" + lane)); // unique across lanes
            ps.setString(4, "New product " + productIds.size());
            ps.setBigDecimal(5, price);
            ps.setString(6, CURRENCY);
            ps.setInt(7, moq);
            ps.setTimestamp(8, clock.ts());
            ps.setTimestamp(9, clock.ts());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        commit();
        productIds.add(id);
        productManufacturer.add(manufacturer);
        productCategory.add(productCategory.get(like));
        productPrice.add(price);
        productMoq.add(moq);
    }

    private void signUp() throws SQLException {
        int referrer = random.nextInt(retailerIds.size());
        String segment = SEGMENTS[random.nextInt(SEGMENTS.length)];
        long region = retailerRegion.get(random.nextInt(retailerRegion.size()));
        long id;
        String address = address(region, segment);
        String device = device();
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO retailers (name, segment, region_id, contact_phone, default_address, signup_device, signup_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, now())) RETURNING id")) {
            ps.setString(1, "Retailer signup " + (retailerIds.size() + 1));
            ps.setString(2, segment);
            ps.setLong(3, region);
            ps.setString(4, phone());
            ps.setString(5, address);
            ps.setString(6, device);
            ps.setTimestamp(7, clock.ts());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        if (random.nextBoolean()) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO referrals (referrer_id, referee_id, reward, currency, status, created_at) VALUES (?, ?, ?, ?, 'pending', COALESCE(?, now())) RETURNING id")) {
                ps.setLong(1, retailerIds.get(referrer));
                ps.setLong(2, id);
                ps.setBigDecimal(3, new BigDecimal("25.00"));
                ps.setString(4, CURRENCY);
                ps.setTimestamp(5, clock.ts());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    pendingReferralByReferee.put(id, rs.getLong(1));
                }
            }
        }
        commit();
        retailerIds.add(id);
        retailerRegion.add(region);
        retailerSegment.add(segment);
        retailerAddress.add(address);
        retailerDevice.add(device);
        habits.addRetailer(id, region, segment);
    }

    void reward(long referralId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE referrals SET status = 'rewarded', rewarded_at = COALESCE(?, now()) WHERE id = ?")) {
            ps.setTimestamp(1, clock.ts());
            ps.setLong(2, referralId);
            ps.executeUpdate();
        }
    }

    // ---- what fraud scenarios use --------------------------------------------------------------

    int retailerCount() { return retailerIds.size(); }
    long retailerId(int index) { return retailerIds.get(index); }
    long retailerRegion(int index) { return retailerRegion.get(index); }
    String retailerSegment(int index) { return retailerSegment.get(index); }
    String retailerDevice(int index) { return retailerDevice.get(index); }
    String retailerAddress(int index) { return retailerAddress.get(index); }
    List<Long> products() { return productIds; }
    long productCategory(int index) { return productCategory.get(index); }
    BigDecimal productPrice(int index) { return productPrice.get(index); }
    void productPrice(int index, BigDecimal price) { productPrice.set(index, price); }
    long productManufacturer(int index) { return productManufacturer.get(index); }
    String newPhone() { return phone(); }
    String newDevice() { return device(); }
    String newAddress(long region) { return address(region, "independent"); }
    void committed() throws SQLException { commit(); }

    // ---- personal facts -----------------------------------------------------------------------

    private String phone() {
        return String.format("+1-%03d-%03d-%04d", 200 + identities.nextInt(800), identities.nextInt(1000), identities.nextInt(10_000));
    }

    /** Most retailers have their own address; chains and shared warehouses legitimately share a few per region. */
    private String address(long region, String segment) {
        boolean shared = "chain".equals(segment) ? identities.nextInt(100) < 30 : identities.nextInt(100) < 3;
        if (shared) return "Shared site " + (1 + identities.nextInt(3)) + ", region " + region;
        return (1 + identities.nextInt(9_999)) + " " + STREETS[identities.nextInt(STREETS.length)] + ", region " + region;
    }

    private String device() {
        return "dev-" + Long.toHexString(identities.nextLong() & 0xffffffffffffL);
    }

    private static final String[] STREETS = {"Market St", "Mill Rd", "Station Ave", "Harbour Way", "King St", "Oak Lane", "Bridge St", "Canal Rd"};
}
