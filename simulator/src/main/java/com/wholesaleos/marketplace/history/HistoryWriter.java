package com.wholesaleos.marketplace.history;

import com.wholesaleos.marketplace.history.MarketplaceNetwork.Distributor;
import com.wholesaleos.marketplace.history.MarketplaceNetwork.Manufacturer;
import com.wholesaleos.marketplace.history.MarketplaceNetwork.Product;
import com.wholesaleos.marketplace.history.MarketplaceNetwork.Retailer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes generated history into the marketplace's tables with COPY, in the caller's transaction. Ids come from each
 * table's own sequence: reserved in blocks where rows reference them (retailers, products, orders ...), or left to the
 * column default; either way a later simulator run continues the sequences without a collision.
 */
final class HistoryWriter {
    static final String CURRENCY = "USD";
    private static final String[] PAYMENT_METHODS = {"card", "bank_transfer", "net_terms", "wallet"};
    private static final BigDecimal REFERRAL_REWARD = new BigDecimal("50.00");

    private final Connection connection;
    private final CopyManager copy;
    private final Map<String, String> sequences = new HashMap<>();

    private final CopyRows manufacturers = new CopyRows("manufacturers",
            "id", "name", "region_id", "status", "created_at", "payout_instrument", "device_id", "commission_rate");
    private final CopyRows products = new CopyRows("products",
            "id", "manufacturer_id", "category_id", "sku", "name", "unit_price", "currency", "moq", "status", "created_at", "updated_at");
    private final CopyRows distributors = new CopyRows("distributors", "id", "name", "status", "created_at");
    private final CopyRows distributorRegions = new CopyRows("distributor_regions", "distributor_id", "region_id");
    private final CopyRows retailers = new CopyRows("retailers",
            "id", "name", "segment", "region_id", "signup_at", "status", "contact_phone", "default_address", "signup_device");
    private final CopyRows orders = new CopyRows("orders", "id", "retailer_id", "region_id", "retailer_segment", "status", "currency",
            "total_amount", "refunded_amount", "placed_at", "updated_at", "ship_to_address", "device_id");
    private final CopyRows orderItems = new CopyRows("order_items",
            "order_id", "line_no", "product_id", "category_id", "quantity", "unit_price", "line_total", "created_at");
    private final CopyRows statusHistory = new CopyRows("order_status_history", "order_id", "status", "changed_at");
    private final CopyRows payments = new CopyRows("payments", "order_id", "attempt", "method", "instrument_fingerprint", "amount",
            "currency", "status", "failure_reason", "created_at", "updated_at");
    private final CopyRows shipments = new CopyRows("shipments", "order_id", "distributor_id", "status", "shipped_at", "delivered_at");
    private final CopyRows refunds = new CopyRows("refunds", "order_id", "line_no", "amount", "reason", "created_at");
    private final CopyRows reviews = new CopyRows("reviews", "order_id", "retailer_id", "product_id", "rating", "body", "created_at");
    private final CopyRows referrals = new CopyRows("referrals",
            "referrer_id", "referee_id", "reward", "currency", "status", "created_at", "rewarded_at");
    /** Parents before children: a foreign key is checked as each row arrives. */
    private final List<CopyRows> orderTables = List.of(orders, orderItems, statusHistory, payments, shipments, refunds, reviews);

    HistoryWriter(Connection connection) throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    /** Ids from the table's sequence, ascending (other writers may take some in between). */
    long[] reserveIds(String table, int count) throws SQLException {
        if (count == 0) return new long[0];
        String sequence = sequences.get(table);
        if (sequence == null) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_get_serial_sequence(?, 'id')")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sequence = rs.getString(1);
                }
            }
            sequences.put(table, sequence);
        }
        long[] ids = new long[count];
        try (PreparedStatement ps = connection.prepareStatement("SELECT nextval(?::regclass) FROM generate_series(1, ?)")) {
            ps.setString(1, sequence);
            ps.setInt(2, count);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i < count && rs.next(); i++) ids[i] = rs.getLong(1);
            }
        }
        Arrays.sort(ids);
        return ids;
    }

    long count(String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<Long> ids(String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rs.next()) ids.add(rs.getLong(1));
        }
        return ids;
    }

    /** The marketplace's regions and categories exactly as the live simulator creates them, unless they exist already. */
    void ensureRegionsAndCategories(String[] regionCodes, String[] categoryNames) throws SQLException {
        if (count("regions") == 0) {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO regions (code, name, currency) VALUES (?, ?, ?)")) {
                for (String code : regionCodes) {
                    ps.setString(1, code);
                    ps.setString(2, code.toUpperCase());
                    ps.setString(3, CURRENCY);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (count("categories") == 0) {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO categories (name, commission_rate) VALUES (?, ?)")) {
                for (int i = 0; i < categoryNames.length; i++) {
                    ps.setString(1, categoryNames[i]);
                    ps.setBigDecimal(2, BigDecimal.valueOf(300 + (i % 5) * 100, 4)); // 3% to 7%, as the live simulator
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    void writeManufacturers(List<Manufacturer> created, List<Long> regionIds) throws SQLException {
        long[] ids = reserveIds("manufacturers", created.size());
        for (int i = 0; i < created.size(); i++) {
            Manufacturer m = created.get(i);
            m.id = ids[i];
            manufacturers.value(m.id).value("Manufacturer " + m.number).value(regionIds.get(m.region)).value("active")
                    .time(m.createdMs).value(m.payoutInstrument).value(m.device).value(m.commissionRate).endRow();
        }
        manufacturers.flush(copy);
    }

    void writeProducts(List<Product> created, List<Long> categoryIds) throws SQLException {
        long[] ids = reserveIds("products", created.size());
        for (int i = 0; i < created.size(); i++) {
            Product p = created.get(i);
            p.id = ids[i];
            long manufacturerId = p.manufacturer.id;
            products.value(p.id).value(manufacturerId).value(categoryIds.get(p.category))
                    .value("SKU-" + manufacturerId + "-" + p.position).value("Product " + manufacturerId + "/" + p.position)
                    .value(p.unitPrice).value(CURRENCY).value(p.moq).value("active").time(p.createdMs).time(p.createdMs).endRow();
        }
        products.flush(copy);
    }

    void writeDistributors(List<Distributor> created, List<Long> regionIds) throws SQLException {
        long[] ids = reserveIds("distributors", created.size());
        for (int i = 0; i < created.size(); i++) {
            Distributor d = created.get(i);
            d.id = ids[i];
            distributors.value(d.id).value("Distributor " + d.number).value("active").time(d.createdMs).endRow();
            for (int region : d.regions) distributorRegions.value(d.id).value(regionIds.get(region)).endRow();
        }
        distributors.flush(copy);
        distributorRegions.flush(copy);
    }

    void writeRetailers(List<Retailer> created, List<Long> regionIds) throws SQLException {
        long[] ids = reserveIds("retailers", created.size());
        for (int i = 0; i < created.size(); i++) {
            Retailer r = created.get(i);
            r.id = ids[i];
            retailers.value(r.id).value("Retailer " + r.number).value(r.segmentName()).value(regionIds.get(r.region))
                    .time(r.signupMs).value("active").value(r.phone).value(r.address).value(r.device).endRow();
        }
        retailers.flush(copy);
    }

    /** Orders with their lines, status history, payments, shipment, refunds and review. */
    void writeOrders(List<HistoricOrder> batch, MarketplaceNetwork network) throws SQLException {
        long[] ids = reserveIds("orders", batch.size()); // ascending, like the batch's placement times
        for (int i = 0; i < batch.size(); i++) {
            HistoricOrder o = batch.get(i);
            long id = ids[i];
            OrderLifecycle life = o.lifecycle();
            Retailer r = o.retailer();
            orders.value(id).value(r.id).value(network.regionIds.get(r.region)).value(r.segmentName()).value(life.status())
                    .value(CURRENCY).value(o.total()).value(life.refundedAmount()).time(o.placedMs()).time(life.updatedMs())
                    .value(o.shipToAddress()).value(o.deviceId()).endRow();
            for (OrderLine line : o.lines()) {
                MarketplaceNetwork.Product p = network.products.get(line.product());
                orderItems.value(id).value(line.lineNo()).value(p.id).value(network.categoryIds.get(p.category)).value(line.quantity())
                        .value(line.unitPrice()).value(line.lineTotal()).time(o.placedMs()).endRow();
            }
            // One row per transition, in time order: their ids ascend with it (the GMV definition orders by id).
            for (OrderLifecycle.StatusChange s : life.statuses) statusHistory.value(id).value(s.status()).time(s.atMs()).endRow();
            writePayments(id, o);
            if (o.distributor() != null) {
                String status = life.fullyRefundedMs >= 0 ? "returned" : life.deliveredMs >= 0 ? "delivered" : "in_transit";
                shipments.value(id).value(o.distributor().id).value(status).time(life.shippedMs).time(life.deliveredMs).endRow();
            }
            for (OrderLifecycle.Refund refund : life.refunds) {
                refunds.value(id).value(refund.lineNo()).value(refund.amount()).value(refund.reason()).time(refund.atMs()).endRow();
            }
            if (life.reviewMs >= 0) {
                long productId = network.products.get(o.lines().get(0).product()).id;
                reviews.value(id).value(r.id).value(productId).value(life.reviewRating)
                        .value(life.reviewRating >= 4 ? "Arrived on time." : "Late and partly damaged.").time(life.reviewMs).endRow();
            }
        }
        for (CopyRows table : orderTables) table.flush(copy);
    }

    /**
     * As the live simulator: the method follows the retailer, the instrument the retailer and attempt; a failed first
     * attempt is retried, captured, at confirmation. Captured on confirmation, refunded on a cancellation after it or a
     * return; a payment of an order cancelled before confirmation stays authorized.
     */
    private void writePayments(long orderId, HistoricOrder o) {
        OrderLifecycle life = o.lifecycle();
        long retailerId = o.retailer().id;
        String method = PAYMENT_METHODS[(int) (retailerId % PAYMENT_METHODS.length)];
        long refundedMs = life.cancelledMs >= 0 && life.wasConfirmed() ? life.cancelledMs : life.fullyRefundedMs;
        if (life.firstPaymentFailed) {
            String reason = orderId % 2 == 0 ? "insufficient_funds" : "do_not_honor";
            payment(orderId, 1, method, retailerId, o.total(), "failed", reason, o.placedMs(), o.placedMs());
            if (life.wasConfirmed()) {
                payment(orderId, 2, method, retailerId, o.total(), refundedMs >= 0 ? "refunded" : "captured", null,
                        life.confirmedMs, refundedMs >= 0 ? refundedMs : life.confirmedMs);
            }
            return;
        }
        String status = refundedMs >= 0 ? "refunded" : life.wasConfirmed() ? "captured" : "authorized";
        long updated = refundedMs >= 0 ? refundedMs : life.wasConfirmed() ? life.confirmedMs : o.placedMs();
        payment(orderId, 1, method, retailerId, o.total(), status, null, o.placedMs(), updated);
    }

    private void payment(long orderId, int attempt, String method, long retailerId, BigDecimal amount, String status,
                         String failure, long createdMs, long updatedMs) {
        payments.value(orderId).value(attempt).value(method).value("fp-" + Long.toHexString(retailerId * 2654435761L + attempt / 2))
                .value(amount).value(CURRENCY).value(status).value(failure).time(createdMs).time(updatedMs).endRow();
    }

    /**
     * Referrals of the whole history, once their outcome is known: rewarded at the referee's first delivery, rejected
     * or still pending when it never ordered.
     */
    long writeReferrals(List<Retailer> all) throws SQLException {
        for (Retailer r : all) {
            if (r.referrer < 0) continue;
            String status = r.firstDeliveredMs >= 0 ? "rewarded" : r.referralRejectedWithoutOrder ? "rejected" : "pending";
            referrals.value(all.get(r.referrer).id).value(r.id).value(REFERRAL_REWARD).value(CURRENCY).value(status)
                    .time(r.signupMs).time(r.firstDeliveredMs).endRow();
        }
        return referrals.flush(copy);
    }

    /** Fresh planner statistics: the bulk load would otherwise leave them far behind the tables. */
    void analyze() throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String table : List.of("manufacturers", "products", "distributors", "distributor_regions", "retailers", "orders",
                    "order_items", "order_status_history", "payments", "shipments", "refunds", "reviews", "referrals")) {
                s.execute("ANALYZE " + table);
            }
        }
    }

    long rowsWritten(String table) {
        for (CopyRows rows : List.of(manufacturers, products, distributors, distributorRegions, retailers, orders, orderItems,
                statusHistory, payments, shipments, refunds, reviews, referrals)) {
            if (rows.table().equals(table)) return rows.writtenRows();
        }
        throw new IllegalArgumentException(table);
    }
}
