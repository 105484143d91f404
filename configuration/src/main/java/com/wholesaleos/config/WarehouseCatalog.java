package com.wholesaleos.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The warehouse's Iceberg JDBC catalog as Spark and Trino both see it: one catalog name, one PostgreSQL database holding
 * it, one location for table data. Uses java.sql only; the modules that connect bring the PostgreSQL driver.
 */
public final class WarehouseCatalog {
    private WarehouseCatalog() {}

    /** Where table data lives: {@code warehouse.location}, or the data directory's warehouse folder. */
    public static String location(WosConfig config) {
        String location = config.get(WosSettings.WAREHOUSE_LOCATION);
        return location.isEmpty() ? config.dataDir().resolve("warehouse").toUri().toString() : location;
    }

    public static String jdbcUrl(WosConfig config) {
        return "jdbc:postgresql://" + config.get(WosSettings.POSTGRES_HOST) + ":" + config.get(WosSettings.POSTGRES_PORT) + "/"
                + config.get(WosSettings.WAREHOUSE_CATALOG_DATABASE);
    }

    /**
     * The catalog's tables, as Iceberg's JdbcCatalog (schema version V1, which holds views too) creates them. Spark's
     * catalog creates them on first use, Trino's does not (it fails with "Cannot check and eventually update SQL
     * schema"), and either may be first to start.
     */
    static final java.util.List<String> CATALOG_TABLES = java.util.List.of(
            "CREATE TABLE IF NOT EXISTS iceberg_tables(catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL, "
                    + "table_name VARCHAR(255) NOT NULL, metadata_location VARCHAR(1000), previous_metadata_location VARCHAR(1000), "
                    + "iceberg_type VARCHAR(5), PRIMARY KEY (catalog_name, table_namespace, table_name))",
            "CREATE TABLE IF NOT EXISTS iceberg_namespace_properties(catalog_name VARCHAR(255) NOT NULL, namespace VARCHAR(255) NOT NULL, "
                    + "property_key VARCHAR(255), property_value VARCHAR(1000), PRIMARY KEY (catalog_name, namespace, property_key))");

    /** The catalog's database on the platform's server and the catalog's tables in it: created on first use. */
    public static void ensureDatabase(WosConfig config) {
        String database = config.get(WosSettings.WAREHOUSE_CATALOG_DATABASE);
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.get(WosSettings.POSTGRES_USER), config.get(WosSettings.POSTGRES_PASSWORD))) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) try (var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + database); // a validated identifier (warehouse.catalog-database)
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) throw e; // created by a concurrent run meanwhile
            }
        } catch (SQLException e) {
            throw new ConfigException("Cannot reach PostgreSQL at " + config.jdbcUrl() + " to prepare the warehouse catalog database "
                    + database + " (" + WosSettings.WAREHOUSE_CATALOG_DATABASE.key() + "): " + e.getMessage());
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(config), config.get(WosSettings.POSTGRES_USER), config.get(WosSettings.POSTGRES_PASSWORD));
             var st = c.createStatement()) {
            for (String ddl : CATALOG_TABLES) {
                try {
                    st.execute(ddl);
                } catch (SQLException e) {
                    if (!"42P07".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) throw e; // created concurrently
                }
            }
        } catch (SQLException e) {
            throw new ConfigException("Cannot reach PostgreSQL at " + config.jdbcUrl() + " to prepare the warehouse catalog database "
                    + database + " (" + WosSettings.WAREHOUSE_CATALOG_DATABASE.key() + "): " + e.getMessage());
        }
    }
}
