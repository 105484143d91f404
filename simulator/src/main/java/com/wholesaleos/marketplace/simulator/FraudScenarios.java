package com.wholesaleos.marketplace.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fraud among normal traffic: every pattern the fraud rules look for, injected at intervals with sizes, timings and
 * amounts drawn from the seed, and look-alikes of honest behaviour (a small price change before a big order, a recall
 * refunding many retailers at once; big habitual buyers and franchise sites come with the normal population). What
 * each scenario made fraudulent goes to simulation.fraud_labels: ground truth for the evaluation, never captured and
 * never read by the fraud job.
 */
final class FraudScenarios {
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;
    private static final long DAY = BusinessClock.DAY_MS;
    private static final String CURRENCY = "USD";

    private final MarketplaceSimulator sim;
    private final Random random;
    private final long warmup;
    private final long every;
    private long lastInjectedAt = -1;
    private int next;

    FraudScenarios(MarketplaceSimulator sim, Random random, long plannedOrders) {
        this.sim = sim;
        this.random = random;
        // Baselines (segments, categories) form first, as they would have in production (a segment's refund rate wants a
        // hundred deliveries); then about 42 scenarios spread over the rest of the run.
        this.warmup = Math.max(plannedOrders / 5, Math.min(600, plannedOrders / 2));
        this.every = Math.max(10, (plannedOrders - warmup) / 42);
    }

    void afterOrder(long placed) throws SQLException {
        if (random.nextInt(1000) < 4) smallPriceChange();
        if (placed < warmup || placed == lastInjectedAt || (placed - warmup) % every != 0) return;
        lastInjectedAt = placed;
        switch (next++ % 14) {
            case 0 -> cardTesting(true);
            case 1 -> accountFarm("device");
            case 2 -> velocity(true);
            case 3 -> amountAnomaly();
            case 4 -> referralSharedIdentity();
            case 5 -> refundAbuse();
            case 6 -> sellerDevice();
            case 7 -> cardTesting(false);
            case 8 -> accountFarm("address");
            case 9 -> velocity(false);
            case 10 -> referralRing();
            case 11 -> priceRaise();
            case 12 -> referralRefundAfterReward();
            default -> recall();
        }
    }

    // ---- scenarios -------------------------------------------------------------------------------

    /** Several failed payments within minutes; with {@code oneCard} on one stolen card (then a success), else a new card each time on one account. */
    private void cardTesting(boolean oneCard) throws SQLException {
        long r = newRetailer("online", 1 + random.nextInt(5) * DAY);
        String card = "fp-stolen-" + hex();
        int failures = 3 + random.nextInt(6);
        long order = order(r, 1 + random.nextInt(3));
        BigDecimal total = total(order);
        for (int i = 0; i < failures; i++) {
            sim.clock.advance((20 + random.nextInt(70)) * 1000L);
            payment(order, oneCard ? card : "fp-stolen-" + hex(), "failed", total);
            sim.committed();
        }
        if (oneCard && random.nextInt(100) < 60) {
            sim.clock.advance(30_000);
            payment(order, card, "authorized", total);
        }
        status(order, "cancelled");
        sim.committed();
        String detail = failures + " failed payments within minutes" + (oneCard ? " on one card" : " on as many cards");
        if (oneCard) label("card-testing", "instrument", card, detail);
        label("card-testing", "retailer", Long.toString(r), detail);
    }

    /** Several new accounts within hours behind one device (or, more of them, one address). */
    private void accountFarm(String kind) throws SQLException {
        int accounts = "device".equals(kind) ? 3 + random.nextInt(4) : 6 + random.nextInt(4);
        String device = "dev-farm-" + hex();
        String address = (100 + random.nextInt(900)) + " Depot Row, unit " + hex();
        for (int i = 0; i < accounts; i++) {
            sim.clock.advance((10 + random.nextInt(120)) * MIN);
            long r = insertRetailer("independent", 1, 0, "+1-900-" + (1000 + random.nextInt(9000)),
                    "device".equals(kind) ? sim.newAddress(1) + " #" + hex() : address, "device".equals(kind) ? device : sim.newDevice());
            sim.committed();
            if (random.nextBoolean()) {
                order(r, 1);
                sim.committed();
            }
        }
        label("account-farm", kind, "device".equals(kind) ? device : address, accounts + " accounts within hours");
    }

    /** A burst of orders within the hour: from a days-old account ({@code young}) or a taken-over established one. */
    private void velocity(boolean young) throws SQLException {
        long r = young ? newRetailer("independent", random.nextInt(2) * DAY + random.nextInt(20) * HOUR) : sim.retailerId(random.nextInt(sim.retailerCount()));
        int orders = young ? 5 + random.nextInt(6) : 7 + random.nextInt(8);
        for (int i = 0; i < orders; i++) {
            sim.clock.advance((1 + random.nextInt(5)) * MIN);
            long o = order(r, 1 + random.nextInt(2));
            payment(o, "fp-" + r, "authorized", total(o));
            sim.committed();
        }
        label("order-velocity", "retailer", Long.toString(r), orders + " orders within the hour" + (young ? " from a new account" : ""));
    }

    /** An order thousands of times the size of what this retailer and its category usually buy. */
    private void amountAnomaly() throws SQLException {
        int index = random.nextInt(sim.retailerCount());
        long r = sim.retailerId(index);
        int p = random.nextInt(sim.products().size());
        // 10,000 to 100,000 times the marketplace's median order: beyond what even a big habitual buyer's largest orders reach.
        BigDecimal median;
        try (PreparedStatement ps = sim.connection.prepareStatement(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total_amount) FROM (SELECT total_amount FROM orders ORDER BY id DESC LIMIT 2000) o");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            median = rs.getBigDecimal(1);
        }
        BigDecimal target = median.multiply(BigDecimal.valueOf((long) Math.pow(10, 4 + random.nextDouble())));
        int quantity = Math.max(1, target.divide(sim.productPrice(p), 0, RoundingMode.DOWN).min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue());
        long o = orderOf(r, sim.retailerRegion(index), sim.retailerSegment(index), sim.retailerAddress(index), sim.retailerDevice(index), new int[] {p}, new int[] {quantity});
        payment(o, "fp-" + r, "authorized", total(o));
        sim.committed();
        label("amount-anomaly", "order", Long.toString(o), "order of " + total(o));
    }

    /** A referrer signs up its "referee" with its own device or phone. */
    private void referralSharedIdentity() throws SQLException {
        int index = random.nextInt(sim.retailerCount());
        long referrer = sim.retailerId(index);
        boolean device = random.nextBoolean();
        String phone = "+1-901-" + (1000 + random.nextInt(9000));
        String theirDevice = sim.retailerDevice(index);
        sim.clock.advance(MIN);
        long referee = insertRetailer("online", sim.retailerRegion(index), 0, phone, sim.newAddress(sim.retailerRegion(index)) + " #" + hex(),
                device ? theirDevice : sim.newDevice());
        long referral = referral(referrer, referee);
        sim.committed();
        label("referral-abuse", "referral", Long.toString(referral), "referee signed up from its referrer's " + (device ? "device" : "phone"));
        if (!device) {
            // The shared phone: make the referrer's phone the referee's (the referrer's row is updated to match).
            try (PreparedStatement ps = sim.connection.prepareStatement("UPDATE retailers SET contact_phone = ? WHERE id = ?")) {
                ps.setString(1, phone);
                ps.setLong(2, referrer);
                ps.executeUpdate();
            }
            sim.committed();
        }
    }

    /** New accounts referring each other in a ring. */
    private void referralRing() throws SQLException {
        int size = 3 + random.nextInt(3);
        List<Long> ring = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            sim.clock.advance(random.nextInt(60) * MIN);
            ring.add(insertRetailer("horeca", 1 + random.nextInt(3), 0, "+1-902-" + (1000 + random.nextInt(9000)), sim.newAddress(2) + " #" + hex(), sim.newDevice()));
            sim.committed();
        }
        for (int i = 0; i < size; i++) {
            sim.clock.advance(random.nextInt(30) * MIN);
            referral(ring.get(i), ring.get((i + 1) % size));
            sim.committed();
        }
        int start = ring.indexOf(ring.stream().min(Long::compare).orElseThrow());
        StringBuilder name = new StringBuilder();
        for (int i = 0; i <= size; i++) name.append(i == 0 ? "" : ">").append(ring.get((start + i) % size));
        label("referral-abuse", "referral-ring", name.toString(), "a ring of " + size + " referrals");
    }

    /** A referee's first order delivered, the reward paid, then the order refunded within hours. */
    private void referralRefundAfterReward() throws SQLException {
        long referrer = sim.retailerId(random.nextInt(sim.retailerCount()));
        long referee = newRetailer("online", 0);
        long referral = referral(referrer, referee);
        sim.committed();
        long o = order(referee, 1 + random.nextInt(2));
        payment(o, "fp-" + referee, "captured", total(o));
        sim.committed();
        deliver(o);
        sim.reward(referral);
        sim.committed();
        sim.clock.advance((30 + random.nextInt(600)) * MIN);
        refundAll(o, "returned");
        label("referral-abuse", "retailer", Long.toString(referee), "first order refunded after the referral reward");
    }

    /** A retailer whose delivered orders are mostly refunded. */
    private void refundAbuse() throws SQLException {
        long r = newRetailer("chain", 30 * DAY + random.nextInt(200) * DAY);
        int orders = 6 + random.nextInt(5);
        int refunded = 0;
        List<Long> delivered = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            sim.clock.advance((1 + random.nextInt(6)) * HOUR);
            long o = order(r, 1 + random.nextInt(2));
            payment(o, "fp-" + r, "captured", total(o));
            sim.committed();
            deliver(o);
            delivered.add(o);
        }
        int kept = random.nextInt(2); // all refunded, or all but one
        for (long o : delivered) {
            if (kept-- > 0) continue;
            sim.clock.advance((1 + random.nextInt(12)) * HOUR);
            refundAll(o, "not_as_described");
            refunded++;
        }
        label("refund-abuse", "retailer", Long.toString(r), refunded + " of " + orders + " delivered orders refunded");
    }

    /** A retailer buys a manufacturer's products from the manufacturer's own device. */
    private void sellerDevice() throws SQLException {
        int p = random.nextInt(sim.products().size());
        long manufacturer = sim.productManufacturer(p);
        String device;
        try (PreparedStatement ps = sim.connection.prepareStatement("SELECT device_id FROM manufacturers WHERE id = ?")) {
            ps.setLong(1, manufacturer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                device = rs.getString(1);
            }
        }
        int index = random.nextInt(sim.retailerCount());
        long r = sim.retailerId(index);
        sim.clock.advance(MIN);
        long o = orderOf(r, sim.retailerRegion(index), sim.retailerSegment(index), sim.retailerAddress(index), device, new int[] {p}, new int[] {5 + random.nextInt(50)});
        payment(o, "fp-" + r, "authorized", total(o));
        sim.committed();
        label("seller-collusion", "manufacturer", Long.toString(manufacturer), "retailer " + r + " ordered from the manufacturer's device");
    }

    /** A product's price raised sharply minutes before a large order of it. */
    private void priceRaise() throws SQLException {
        int p = random.nextInt(sim.products().size());
        BigDecimal raised = sim.productPrice(p).multiply(BigDecimal.valueOf(16 + random.nextInt(15), 1)).setScale(2, RoundingMode.HALF_UP);
        reprice(p, raised);
        sim.committed();
        sim.clock.advance((5 + random.nextInt(40)) * MIN);
        int index = random.nextInt(sim.retailerCount());
        long r = sim.retailerId(index);
        int quantity = BigDecimal.valueOf(15_000 + random.nextInt(50_000)).divide(raised, 0, RoundingMode.UP).intValue();
        long o = orderOf(r, sim.retailerRegion(index), sim.retailerSegment(index), sim.retailerAddress(index), sim.retailerDevice(index), new int[] {p}, new int[] {quantity});
        payment(o, "fp-" + r, "authorized", total(o));
        sim.committed();
        label("seller-collusion", "product", Long.toString(sim.products().get(p)), "price raised to " + raised + " before an order of " + total(o));
    }

    /** Look-alike: a recall refunds one delivered order of many retailers at once. */
    private void recall() throws SQLException {
        List<long[]> lines = new ArrayList<>();
        try (PreparedStatement ps = sim.connection.prepareStatement(
                "SELECT o.id, i.line_no, i.line_total FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'delivered' ORDER BY o.id DESC LIMIT 20")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) lines.add(new long[] {rs.getLong(1), rs.getInt(2), rs.getBigDecimal(3).movePointRight(2).longValue()});
            }
        }
        for (long[] l : lines) {
            sim.clock.advance(MIN);
            refund(l[0], (int) l[1], BigDecimal.valueOf(Math.max(1, l[2] / 2), 2), "recall");
            sim.committed();
        }
        lookAlike("refund-abuse", "recall refunding " + lines.size() + " orders of different retailers");
    }

    /** Look-alike: a price moved a little (a supplier's increase, a promotion). */
    private void smallPriceChange() throws SQLException {
        int p = random.nextInt(sim.products().size());
        BigDecimal factor = BigDecimal.valueOf(90 + random.nextInt(30), 2);
        reprice(p, sim.productPrice(p).multiply(factor).setScale(2, RoundingMode.HALF_UP).max(new BigDecimal("0.01")));
        sim.committed();
    }

    // ---- writes ----------------------------------------------------------------------------------

    private String hex() { return Long.toHexString(random.nextLong() & 0xffffffffL); }

    private long newRetailer(String segment, long signedUpAgoMs) throws SQLException {
        long r = insertRetailer(segment, 1 + random.nextInt(8), signedUpAgoMs, "+1-903-" + (1000 + random.nextInt(9000)), sim.newAddress(3) + " #" + hex(), sim.newDevice());
        sim.committed();
        return r;
    }

    private long insertRetailer(String segment, long region, long signedUpAgoMs, String phone, String address, String device) throws SQLException {
        try (PreparedStatement ps = sim.connection.prepareStatement("INSERT INTO retailers (name, segment, region_id, signup_at, contact_phone, default_address, "
                + "signup_device) VALUES (?, ?, (SELECT id FROM regions ORDER BY id OFFSET ? LIMIT 1), COALESCE(?, now()), ?, ?, ?) RETURNING id")) {
            ps.setString(1, "Scenario retailer " + hex());
            ps.setString(2, segment);
            ps.setLong(3, (region - 1) % 8);
            ps.setTimestamp(4, sim.clock.in(-signedUpAgoMs));
            ps.setString(5, phone);
            ps.setString(6, address);
            ps.setString(7, device);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** An order of {@code lines} random products by retailer {@code r} from its own row's address and device. */
    private long order(long r, int lines) throws SQLException {
        long region;
        String segment;
        String address;
        String device;
        try (PreparedStatement ps = sim.connection.prepareStatement("SELECT region_id, segment, default_address, signup_device FROM retailers WHERE id = ?")) {
            ps.setLong(1, r);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                region = rs.getLong(1);
                segment = rs.getString(2);
                address = rs.getString(3);
                device = rs.getString(4);
            }
        }
        int[] products = new int[lines];
        int[] quantities = new int[lines];
        for (int i = 0; i < lines; i++) {
            products[i] = (i * 7919 + random.nextInt(sim.products().size())) % sim.products().size();
            quantities[i] = 1 + random.nextInt(12);
        }
        if (lines == 2 && products[0] == products[1]) return orderOf(r, region, segment, address, device, new int[] {products[0]}, new int[] {quantities[0]});
        return orderOf(r, region, segment, address, device, products, quantities);
    }

    private long orderOf(long r, long region, String segment, String address, String device, int[] products, int[] quantities) throws SQLException {
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (int i = 0; i < products.length; i++) total = total.add(sim.productPrice(products[i]).multiply(BigDecimal.valueOf(quantities[i])));
        long id;
        try (PreparedStatement ps = sim.connection.prepareStatement("INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, total_amount, "
                + "ship_to_address, device_id, placed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, now()), COALESCE(?, now())) RETURNING id")) {
            ps.setLong(1, r);
            ps.setLong(2, region);
            ps.setString(3, segment);
            ps.setString(4, CURRENCY);
            ps.setBigDecimal(5, total);
            ps.setString(6, address);
            ps.setString(7, device);
            ps.setTimestamp(8, sim.clock.ts());
            ps.setTimestamp(9, sim.clock.ts());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = sim.connection.prepareStatement("INSERT INTO order_items (order_id, line_no, product_id, category_id, quantity, unit_price, "
                + "line_total, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, now()))")) {
            for (int i = 0; i < products.length; i++) {
                ps.setLong(1, id);
                ps.setInt(2, i + 1);
                ps.setLong(3, sim.products().get(products[i]));
                ps.setLong(4, sim.productCategory(products[i]));
                ps.setInt(5, quantities[i]);
                ps.setBigDecimal(6, sim.productPrice(products[i]));
                ps.setBigDecimal(7, sim.productPrice(products[i]).multiply(BigDecimal.valueOf(quantities[i])));
                ps.setTimestamp(8, sim.clock.ts());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        history(id, "placed");
        return id;
    }

    private BigDecimal total(long order) throws SQLException {
        try (PreparedStatement ps = sim.connection.prepareStatement("SELECT total_amount FROM orders WHERE id = ?")) {
            ps.setLong(1, order);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    private void payment(long order, String instrument, String status, BigDecimal amount) throws SQLException {
        try (PreparedStatement ps = sim.connection.prepareStatement("INSERT INTO payments (order_id, attempt, method, instrument_fingerprint, amount, currency, "
                + "status, failure_reason, created_at, updated_at) VALUES (?, (SELECT count(*) + 1 FROM payments WHERE order_id = ?), 'card', ?, ?, ?, ?, ?, "
                + "COALESCE(?, now()), COALESCE(?, now()))")) {
            ps.setLong(1, order);
            ps.setLong(2, order);
            ps.setString(3, instrument);
            ps.setBigDecimal(4, amount);
            ps.setString(5, CURRENCY);
            ps.setString(6, status);
            ps.setString(7, "failed".equals(status) ? "do_not_honor" : null);
            ps.setTimestamp(8, sim.clock.ts());
            ps.setTimestamp(9, sim.clock.ts());
            ps.executeUpdate();
        }
    }

    private void status(long order, String status) throws SQLException {
        try (PreparedStatement ps = sim.connection.prepareStatement("UPDATE orders SET status = ?, updated_at = COALESCE(?, now()) WHERE id = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, sim.clock.ts());
            ps.setLong(3, order);
            ps.executeUpdate();
        }
        history(order, status);
    }

    private void history(long order, String status) throws SQLException {
        try (PreparedStatement ps = sim.connection.prepareStatement("INSERT INTO order_status_history (order_id, status, changed_at) VALUES (?, ?, COALESCE(?, now()))")) {
            ps.setLong(1, order);
            ps.setString(2, status);
            ps.setTimestamp(3, sim.clock.ts());
            ps.executeUpdate();
        }
    }

    /** Confirmed, shipped and delivered, a few business hours apart, one transaction each. */
    private void deliver(long order) throws SQLException {
        sim.clock.advance(10 * MIN);
        status(order, "confirmed");
        sim.committed();
        sim.clock.advance(HOUR);
        try (PreparedStatement ps = sim.connection.prepareStatement("INSERT INTO shipments (order_id, distributor_id, status, shipped_at) "
                + "VALUES (?, (SELECT min(id) FROM distributors), 'in_transit', COALESCE(?, now()))")) {
            ps.setLong(1, order);
            ps.setTimestamp(2, sim.clock.ts());
            ps.executeUpdate();
        }
        status(order, "shipped");
        sim.committed();
        sim.clock.advance(2 * HOUR);
        try (PreparedStatement ps = sim.connection.prepareStatement("UPDATE shipments SET status = 'delivered', delivered_at = COALESCE(?, now()) WHERE order_id = ?")) {
            ps.setTimestamp(1, sim.clock.ts());
            ps.setLong(2, order);
            ps.executeUpdate();
        }
        status(order, "delivered");
        sim.committed();
    }

    private void refundAll(long order, String reason) throws SQLException {
        List<long[]> lines = new ArrayList<>();
        try (PreparedStatement ps = sim.connection.prepareStatement("SELECT line_no, line_total FROM order_items WHERE order_id = ? ORDER BY line_no")) {
            ps.setLong(1, order);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) lines.add(new long[] {rs.getInt(1), rs.getBigDecimal(2).movePointRight(2).longValue()});
            }
        }
        for (long[] l : lines) refund(order, (int) l[0], BigDecimal.valueOf(l[1], 2), reason);
        status(order, "refunded");
        sim.committed();
    }

    private void refund(long order, int line, BigDecimal amount, String reason) throws SQLException {
        try (PreparedStatement ps = sim.connection.prepareStatement("INSERT INTO refunds (order_id, line_no, amount, reason, created_at) VALUES (?, ?, ?, ?, COALESCE(?, now()))")) {
            ps.setLong(1, order);
            ps.setInt(2, line);
            ps.setBigDecimal(3, amount);
            ps.setString(4, reason);
            ps.setTimestamp(5, sim.clock.ts());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = sim.connection.prepareStatement("UPDATE orders SET refunded_amount = refunded_amount + ?, updated_at = COALESCE(?, now()) WHERE id = ?")) {
            ps.setBigDecimal(1, amount);
            ps.setTimestamp(2, sim.clock.ts());
            ps.setLong(3, order);
            ps.executeUpdate();
        }
    }

    private long referral(long referrer, long referee) throws SQLException {
        try (PreparedStatement ps = sim.connection.prepareStatement("INSERT INTO referrals (referrer_id, referee_id, reward, currency, status, created_at) "
                + "VALUES (?, ?, 25.00, ?, 'pending', COALESCE(?, now())) RETURNING id")) {
            ps.setLong(1, referrer);
            ps.setLong(2, referee);
            ps.setString(3, CURRENCY);
            ps.setTimestamp(4, sim.clock.ts());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void reprice(int p, BigDecimal price) throws SQLException {
        try (PreparedStatement ps = sim.connection.prepareStatement("UPDATE products SET unit_price = ?, updated_at = COALESCE(?, now()) WHERE id = ?")) {
            ps.setBigDecimal(1, price);
            ps.setTimestamp(2, sim.clock.ts());
            ps.setLong(3, sim.products().get(p));
            ps.executeUpdate();
        }
        sim.productPrice(p, price);
    }

    private void label(String rule, String entityType, String entityId, String detail) throws SQLException {
        insertLabel(rule, rule, entityType, entityId, true, detail);
    }

    private void lookAlike(String rule, String detail) throws SQLException {
        insertLabel("look-alike", rule, "-", "-", false, detail);
    }

    private void insertLabel(String scenario, String rule, String entityType, String entityId, boolean fraud, String detail) throws SQLException {
        try (PreparedStatement ps = sim.connection.prepareStatement(
                "INSERT INTO simulation.fraud_labels (scenario, rule, entity_type, entity_id, fraud, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, scenario);
            ps.setString(2, rule);
            ps.setString(3, entityType);
            ps.setString(4, entityId);
            ps.setBoolean(5, fraud);
            ps.setString(6, detail);
            ps.executeUpdate();
        }
        sim.committed();
    }

}
