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

    public static Connection connect(WosConfig config) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", config.get(WosSettings.TRINO_USER));
        p.setProperty("timezone", "UTC");
        p.setProperty("source", "wos");
        return DriverManager.getConnection(jdbcUrl(config), p);
    }
}
