package com.wholesaleos.warehouse.milestone;

import com.wholesaleos.config.WarehouseCatalog;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.warehouse.trino.IcebergCommits;
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
 * metadata file in the Iceberg catalog, and the plan's and views' version) and the warehouse run that computed them.
 * Reading them is one table scan; computing the views takes a table scan of every mart they read (seconds on two cores).
 *
 * <p>One writer: only the {@code milestones} task at the end of {@code warehouse_hourly} ({@link MilestoneRefreshTask})
 * calls {@link #refresh}; Trino's stage, the CLI, the console and the demo only read, and say how current what they read
 * is ({@link #freshness}). Two writers racing on CREATE OR REPLACE lose commits to each other.
 */
public final class MilestoneRefresh {
    public static final String PROGRESS = MilestoneViews.SCHEMA + ".progress_current";
    public static final String REGIONS = MilestoneViews.SCHEMA + ".region_rollout_current";

    private MilestoneRefresh() {}

    /** What a refresh did. */
    public sealed interface Outcome {}
    /** The warehouse lacks an input the views read (before the first warehouse run builds it). */
    public record Waiting(String reason) implements Outcome {}
    /** The tables already hold what the current inputs give. */
    public record Unchanged(String inputsVersion) implements Outcome {}
    /** The tables were rewritten. */
    public record Refreshed(String inputsVersion) implements Outcome {}

    /**
     * How current the materialized tables are: the inputs' version and warehouse run they were computed from, against the
     * inputs' version now. {@code materializedVersion} is empty before the first refresh.
     */
    public record Freshness(Optional<String> materializedVersion, Optional<String> warehouseRun, String currentVersion) {
        public boolean materialized() { return materializedVersion.isPresent(); }
        public boolean current() { return materializedVersion.map(currentVersion::equals).orElse(false); }

        /** One line for a reader: what it reads, as of which run. */
        public String describe() {
            if (!materialized()) return "milestones not computed yet: the milestones task of warehouse_hourly computes them after its first run";
            String run = warehouseRun.orElse("an earlier run");
            return current() ? "milestones as of warehouse run " + run
                    : "milestones as of warehouse run " + run + "; the warehouse has moved since, and the next warehouse_hourly run's milestones task refreshes them";
        }
    }

    /**
     * Installs the views (when their version changed) and rewrites both tables when the inputs moved. Called only by the
     * milestones task; every statement is idempotent, so a commit lost to a concurrent writer (a maintenance run
     * compacting the same table) is retried with backoff.
     */
    public static Outcome refresh(Connection trino, WosConfig config, String warehouseRun) throws SQLException, InterruptedException {
        GrowthPlan plan = GrowthPlan.load();
        Optional<String> waiting = IcebergCommits.retrying(() -> MilestoneViews.install(trino, plan));
        if (waiting.isPresent()) return new Waiting(waiting.get());
        String version = inputsVersion(config, plan);
        if (version.equals(materializedVersion(trino).orElse(null))) return new Unchanged(version);
        String columns = "CAST('" + version + "' AS VARCHAR) AS inputs_version, CAST('" + warehouseRun.replace("'", "''") + "' AS VARCHAR) AS warehouse_run";
        // Regions first, progress last: progress carries the version that says both are current.
        IcebergCommits.retrying(() -> execute(trino, "CREATE OR REPLACE TABLE " + REGIONS + " AS SELECT r.*, " + columns + " FROM "
                + MilestoneViews.SCHEMA + ".region_rollout r"));
        IcebergCommits.retrying(() -> execute(trino, "CREATE OR REPLACE TABLE " + PROGRESS + " AS SELECT p.*, " + columns + " FROM "
                + MilestoneViews.SCHEMA + ".progress p"));
        return new Refreshed(version);
    }

    private static Void execute(Connection trino, String sql) throws SQLException {
        try (Statement st = trino.createStatement()) {
            st.execute(sql);
        }
        return null;
    }

    /** How current the materialized tables are; reads only. */
    public static Freshness freshness(Connection trino, WosConfig config) throws SQLException {
        Optional<String> version = Optional.empty();
        Optional<String> run = Optional.empty();
        try (Statement st = trino.createStatement(); ResultSet rs = st.executeQuery("SELECT max(inputs_version), max(warehouse_run) FROM " + PROGRESS)) {
            if (rs.next()) {
                version = Optional.ofNullable(rs.getString(1));
                run = Optional.ofNullable(rs.getString(2));
            }
        } catch (SQLException e) {
            // not materialized yet (or by a version without the run column)
            version = materializedVersion(trino);
        }
        return new Freshness(version, run, inputsVersion(config, GrowthPlan.load()));
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
