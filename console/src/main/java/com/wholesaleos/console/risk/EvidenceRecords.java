package com.wholesaleos.console.risk;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The marketplace rows an alert's evidence names (an order, a payment, a retailer's account...), for the risk team only. */
public final class EvidenceRecords {
    /** Evidence kind to the table that holds it: the only tables this reads. */
    public static final Map<String, String> TABLES = Map.of("retailer", "retailers", "order", "orders", "payment", "payments",
            "product", "products", "referral", "referrals", "manufacturer", "manufacturers", "refund", "refunds");

    private final MarketplaceDatabase database;

    public EvidenceRecords(MarketplaceDatabase database) { this.database = database; }

    /** The row's columns and values as text, or empty if the kind is unknown or no such row exists. */
    public Optional<Map<String, String>> find(String kind, long id) throws SQLException {
        String table = TABLES.get(kind);
        if (table == null) return Optional.empty();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                ResultSetMetaData md = rs.getMetaData();
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnName(i), rs.getString(i));
                return Optional.of(row);
            }
        }
    }
}
