package com.wholesaleos.warehouse.milestone;

import com.wholesaleos.config.WarehouseCatalog;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The milestone table and region readiness, materialized: {@code progress_current} and {@code region_rollout_current}
 * hold what the views compute, with the version of the inputs they were computed from (every input table's current
 * metadata file in the Iceberg catalog, and the plan's and views' version). Reading them is one table scan; computing
 * the views takes a table scan of every mart they read (seconds on two cores). They are refreshed when that version
 * moves: by the trino stage within 30 s of a warehouse run, and by whoever reads them first.
 */
public final class MilestoneRefresh {
    public static final String PROGRESS = MilestoneViews.SCHEMA + ".progress_current";
    public static final String REGIONS = MilestoneViews.SCHEMA + ".region_rollout_current";

    private MilestoneRefresh() {}

    /** Views installed and both tables current; what it waits for when the warehouse lacks an input. */
    public static Optional<String> ensureCurrent(Connection trino, WosConfig config) throws SQLException {
        GrowthPlan plan = GrowthPlan.load();
        Optional<String> waiting = MilestoneViews.install(trino, plan);
        if (waiting.isPresent()) return waiting;
        String version = inputsVersion(config, plan);
        if (version.equals(materializedVersion(trino).orElse(null))) return Optional.empty();
        try (Statement st = trino.createStatement()) {
            // Regions first, progress last: progress carries the version that says both are current.
            st.execute("CREATE OR REPLACE TABLE " + REGIONS + " AS SELECT r.*, CAST('" + version + "' AS VARCHAR) AS inputs_version FROM "
                    + MilestoneViews.SCHEMA + ".region_rollout r");
            st.execute("CREATE OR REPLACE TABLE " + PROGRESS + " AS SELECT p.*, CAST('" + version + "' AS VARCHAR) AS inputs_version FROM "
                    + MilestoneViews.SCHEMA + ".progress p");
        } catch (SQLException e) {
            // A concurrent refresher (the stage and a CLI) may have committed first: then the tables are current.
            if (!version.equals(materializedVersion(trino).orElse(null))) throw e;
        }
        return Optional.empty();
    }

    /** The inputs' version the materialized tables were computed from; empty before the first refresh. */
    public static Optional<String> materializedVersion(Connection trino) {
        try (Statement st = trino.createStatement(); ResultSet rs = st.executeQuery("SELECT max(inputs_version) FROM " + PROGRESS)) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty(); // not materialized yet
        }
    }

    /** The inputs' version: each input table's current metadata location in the JDBC catalog, plus the plan's and views'. */
    public static String inputsVersion(WosConfig config, GrowthPlan plan) throws SQLException {
        StringBuilder key = new StringBuilder(MilestoneViews.version(plan));
        try (Connection c = DriverManager.getConnection(WarehouseCatalog.jdbcUrl(config), config.get(WosSettings.POSTGRES_USER),
                config.get(WosSettings.POSTGRES_PASSWORD));
             PreparedStatement ps = c.prepareStatement("SELECT table_namespace || '.' || table_name, metadata_location FROM iceberg_tables "
                     + "WHERE catalog_name = ? ORDER BY 1")) {
            ps.setString(1, config.get(WosSettings.WAREHOUSE_CATALOG));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (MilestoneViews.INPUTS.contains(rs.getString(1))) key.append('|').append(rs.getString(1)).append('@').append(rs.getString(2));
                }
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
