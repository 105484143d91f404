package com.wholesaleos.warehouse.trino;

import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.WarehouseCatalog;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The read-only PostgreSQL role the marketplace catalog connects as: it may read the marketplace's tables and nothing
 * more, so no query through Trino can change the transactional database. Created (or its grants renewed) at each start
 * with the platform's admin credentials, and both catalogs' connections are tried before Trino starts, so a catalog that
 * cannot connect is one clear message instead of a server that starts and then fails its queries.
 */
public final class MarketplaceReader {
    private MarketplaceReader() {}

    public static void ensure(WosConfig config) {
        String role = config.get(WosSettings.TRINO_READER_USER);
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.get(WosSettings.POSTGRES_USER), config.get(WosSettings.POSTGRES_PASSWORD));
             Statement st = c.createStatement()) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                ps.setString(1, role);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            String password = config.get(WosSettings.TRINO_READER_PASSWORD).replace("'", "''");
            // role is a validated identifier (trino.marketplace-user); the password a quoted literal
            st.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + password + "'");
            st.execute("ALTER ROLE " + role + " SET default_transaction_read_only = on");
            st.execute("GRANT CONNECT ON DATABASE " + quote(c.getCatalog()) + " TO " + role);
            st.execute("GRANT USAGE ON SCHEMA public TO " + role);
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
            // Tables a later migration creates are readable too.
            st.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + role);
        } catch (SQLException e) {
            throw new ConfigException("Catalog " + TrinoServerConfig.MARKETPLACE_CATALOG + ": cannot prepare the read-only role " + role + " on "
                    + config.jdbcUrl() + " (" + WosSettings.POSTGRES_HOST.key() + ", " + WosSettings.POSTGRES_PORT.key() + ", "
                    + WosSettings.POSTGRES_USER.key() + "): " + e.getMessage());
        }
    }

    /** Both catalogs connect as Trino will: the marketplace as the reader role, the Iceberg catalog's database as the admin. */
    public static void checkConnections(WosConfig config) {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.get(WosSettings.TRINO_READER_USER), config.get(WosSettings.TRINO_READER_PASSWORD))) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new ConfigException("Catalog " + TrinoServerConfig.MARKETPLACE_CATALOG + " cannot connect to " + config.jdbcUrl() + " as "
                    + config.get(WosSettings.TRINO_READER_USER) + " (" + WosSettings.TRINO_READER_USER.key() + ", "
                    + WosSettings.TRINO_READER_PASSWORD.key() + "): " + e.getMessage());
        }
        WarehouseCatalog.ensureDatabase(config);
        try (Connection c = DriverManager.getConnection(WarehouseCatalog.jdbcUrl(config), config.get(WosSettings.POSTGRES_USER), config.get(WosSettings.POSTGRES_PASSWORD))) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new ConfigException("Catalog " + TrinoServerConfig.ICEBERG_CATALOG + " cannot connect to " + WarehouseCatalog.jdbcUrl(config)
                    + " (" + WosSettings.WAREHOUSE_CATALOG_DATABASE.key() + "): " + e.getMessage());
        }
    }

    private static String quote(String identifier) { return "\"" + identifier.replace("\"", "\"\"") + "\""; }
}
