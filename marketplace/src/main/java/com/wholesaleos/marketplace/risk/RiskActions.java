package com.wholesaleos.marketplace.risk;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The risk team's actions that reach the marketplace itself, each with its audit row in the same transaction:
 * a blocked retailer's new orders are refused by the database (any writer), a held order cannot ship.
 */
public final class RiskActions {
    private final MarketplaceDatabase database;

    public RiskActions(MarketplaceDatabase database) { this.database = database; }

    public void blockRetailer(long retailerId, String by, String note) throws SQLException {
        act("block", "retailer " + retailerId, by, note,
                "INSERT INTO risk.retailer_blocks (retailer_id, blocked_by, note) VALUES (?, ?, ?) ON CONFLICT (retailer_id) DO NOTHING", retailerId);
    }

    public void unblockRetailer(long retailerId, String by, String note) throws SQLException {
        act("unblock", "retailer " + retailerId, by, note, "DELETE FROM risk.retailer_blocks WHERE retailer_id = ?", retailerId);
    }

    public void holdOrder(long orderId, String by, String note) throws SQLException {
        act("hold", "order " + orderId, by, note,
                "INSERT INTO risk.order_holds (order_id, held_by, note) VALUES (?, ?, ?) ON CONFLICT (order_id) DO NOTHING", orderId);
    }

    public void releaseOrder(long orderId, String by, String note) throws SQLException {
        act("release", "order " + orderId, by, note, "DELETE FROM risk.order_holds WHERE order_id = ?", orderId);
    }

    private void act(String action, String subject, String by, String note, String sql, long id) throws SQLException {
        if (by == null || by.isBlank()) throw new IllegalArgumentException("a risk action names who takes it (--by)");
        if (note == null || note.isBlank()) throw new IllegalArgumentException("a risk action says why (--note)");
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                if (ps.getParameterMetaData().getParameterCount() == 3) { // block and hold record who and why on the row too
                    ps.setString(2, by);
                    ps.setString(3, note);
                }
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO risk.audit (actor, action, subject, note) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, by);
                ps.setString(2, action);
                ps.setString(3, subject);
                ps.setString(4, note);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) throw new IllegalArgumentException("no such " + subject, e); // foreign key: unknown id
            throw e;
        }
    }
}
