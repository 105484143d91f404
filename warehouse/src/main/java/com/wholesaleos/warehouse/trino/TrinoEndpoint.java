package com.wholesaleos.warehouse.trino;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where the platform's Trino answers, and JDBC connections to it (UTC sessions: days are UTC days, as in the marts). */
public final class TrinoEndpoint {
    private TrinoEndpoint() {}

    /** {@code trino.url}, else the trino stage's port on this machine. */
    public static URI url(WosConfig config) {
        String url = config.get(WosSettings.TRINO_URL).trim();
        if (!url.isEmpty()) return URI.create(url);
        return URI.create("http://127.0.0.1:" + config.get(WosStages.TRINO.restPort().orElseThrow()));
    }

    public static String jdbcUrl(WosConfig config) {
        URI u = url(config);
        return "jdbc:trino://" + u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 80))
                + "/" + TrinoServerConfig.ICEBERG_CATALOG + ("https".equals(u.getScheme()) ? "?SSL=true" : "");
    }

    /**
     * Whether the server runs a query that scans a table. "Started" in {@code /v1/info} comes first; then the node is
     * active; and only after its next discovery refresh (seconds later) is it a node of its catalogs, so until then a
     * table scan fails with "No nodes available to run query". A scan of one of the marketplace's tables proves that
     * (both catalogs are announced together); without any table there, an active node is the best there is.
     */
    public static boolean acceptsQueries(WosConfig config) {
        try (Connection c = connect(config); java.sql.Statement st = c.createStatement()) {
            String table = null;
            try (java.sql.ResultSet rs = st.executeQuery("SELECT table_name FROM " + TrinoServerConfig.MARKETPLACE_CATALOG
                    + ".information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name LIMIT 1")) {
                if (rs.next()) table = rs.getString(1);
            }
            String probe = table == null ? "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'"
                    : "SELECT count(*) + 1 FROM (SELECT 1 FROM " + TrinoServerConfig.MARKETPLACE_CATALOG + ".public.\"" + table.replace("\"", "\"\"") + "\" LIMIT 1)";
            try (java.sql.ResultSet rs = st.executeQuery(probe)) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    public static Connection connect(WosConfig config) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", config.get(WosSettings.TRINO_USER));
        p.setProperty("timezone", "UTC");
        p.setProperty("source", "wos");
        return DriverManager.getConnection(jdbcUrl(config), p);
    }
}
