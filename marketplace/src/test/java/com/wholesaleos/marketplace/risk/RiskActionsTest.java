package com.wholesaleos.marketplace.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The risk team's actions on the marketplace's own database: the database itself refuses what they forbid, for any writer. */
class RiskActionsTest {
    private static EmbeddedPostgres postgres;
    private static MarketplaceDatabase db;
    private static RiskActions actions;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        db = new MarketplaceDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        db.migrate();
        actions = new RiskActions(db);
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) postgres.close();
    }

    private static long insert(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql + " RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long order(long retailer, long region) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            return insert(st, "INSERT INTO orders (retailer_id, region_id, retailer_segment, currency, total_amount) VALUES ("
                    + retailer + ", " + region + ", 'independent', 'USD', 10.00)");
        }
    }

    @Test
    void aBlockedRetailerCanPlaceNoOrderUntilUnblockedAndEachActionIsAudited() throws Exception {
        long region;
        long retailer;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            region = insert(st, "INSERT INTO regions (code, name, currency) VALUES ('T1', 'Test', 'USD')");
            retailer = insert(st, "INSERT INTO retailers (name, segment, region_id) VALUES ('Corner shop', 'independent', " + region + ")");
        }
        order(retailer, region);
        actions.blockRetailer(retailer, "ana", "card testing confirmed");
        SQLException refused = assertThrows(SQLException.class, () -> order(retailer, region));
        assertEquals("WO001", refused.getSQLState(), refused.getMessage());
        actions.unblockRetailer(retailer, "ana", "cleared after a call");
        order(retailer, region);
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT string_agg(actor || ':' || action, ',' ORDER BY id) FROM risk.audit WHERE subject = 'retailer " + retailer + "'")) {
            rs.next();
            assertEquals("ana:block,ana:unblock", rs.getString(1));
        }
    }

    @Test
    void anActionNamesWhoTakesItAndWhy() {
        assertThrows(IllegalArgumentException.class, () -> actions.blockRetailer(1, " ", "no name"));
        assertThrows(IllegalArgumentException.class, () -> actions.holdOrder(1, "ana", ""));
    }

    @Test
    void migratingAgainAppliesNothing() throws Exception {
        assertEquals(0, db.migrate());
    }
}
