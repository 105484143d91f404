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

    /** The catalog's database on the platform's server: created on first use, like the catalog's own tables. */
    public static void ensureDatabase(WosConfig config) {
        String database = config.get(WosSettings.WAREHOUSE_CATALOG_DATABASE);
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.get(WosSettings.POSTGRES_USER), config.get(WosSettings.POSTGRES_PASSWORD))) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return;
                }
            }
            try (var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + database); // a validated identifier (warehouse.catalog-database)
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) throw e; // created by a concurrent run meanwhile
            }
        } catch (SQLException e) {
            throw new ConfigException("Cannot reach PostgreSQL at " + config.jdbcUrl() + " to prepare the warehouse catalog database "
                    + database + " (" + WosSettings.WAREHOUSE_CATALOG_DATABASE.key() + "): " + e.getMessage());
        }
    }
}
