package com.wholesaleos.marketplace;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/** The core transactional service's PostgreSQL database: its schema migrations and connections. */
public final class MarketplaceDatabase {
    private final String url;
    private final String user;
    private final String password;

    public MarketplaceDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static MarketplaceDatabase from(WosConfig config) {
        return new MarketplaceDatabase(config.jdbcUrl(), config.get(WosSettings.POSTGRES_USER), config.get(WosSettings.POSTGRES_PASSWORD));
    }

    /** Applies the versioned migrations from schemas/ (db/migration); idempotent. */
    public int migrate() {
        return Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    public String url() { return url; }
}
