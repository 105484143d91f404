package com.wholesaleos.batch;

import com.wholesaleos.batch.catalog.PausingCommitCatalog;
import com.wholesaleos.config.WarehouseCatalog;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of one warehouse run, built from the platform's settings: master, Iceberg catalog (JDBC in the
 * platform's PostgreSQL by default, anything else through {@code warehouse.spark-conf}) and warehouse location. Under
 * spark-submit on a cluster the same settings apply; the master comes from {@code warehouse.spark-master}.
 */
public final class WarehouseSession {
    private WarehouseSession() {}

    /** The Spark settings of a run: what {@link #start} applies, printed by {@code wos batch} for spark-submit users. */
    public static Map<String, String> sparkConf(WosConfig config) {
        String catalog = config.get(WosSettings.WAREHOUSE_CATALOG);
        String prefix = "spark.sql.catalog." + catalog;
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.master", config.get(WosSettings.WAREHOUSE_SPARK_MASTER));
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.sql.session.timeZone", "UTC");
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.sql.shuffle.partitions", Integer.toString(config.get(WosSettings.WAREHOUSE_SHUFFLE_PARTITIONS)));
        conf.put("spark.sql.adaptive.enabled", "true");
        conf.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
        // JdbcCatalog, or the one that can pause a commit for recovery tests (a JdbcCatalog in every other respect).
        conf.put(prefix + ".catalog-impl", config.get(WosSettings.WAREHOUSE_PAUSE_BEFORE_COMMIT).isEmpty()
                ? "org.apache.iceberg.jdbc.JdbcCatalog" : PausingCommitCatalog.class.getName());
        conf.put(prefix + ".uri", WarehouseCatalog.jdbcUrl(config));
        conf.put(prefix + ".jdbc.user", config.get(WosSettings.POSTGRES_USER));
        conf.put(prefix + ".jdbc.password", config.get(WosSettings.POSTGRES_PASSWORD));
        // V1 adds view support; Trino's JDBC catalog reads the same tables.
        conf.put(prefix + ".jdbc.schema-version", "V1");
        conf.put(prefix + ".warehouse", WarehouseCatalog.location(config));
        // Every table the runs create retries a commit lost to a concurrent writer (the hourly DAG beside maintenance's
        // compaction): Iceberg re-applies the idempotent change on the new snapshot, with backoff, up to 10 times.
        conf.put(prefix + ".table-default.commit.retry.num-retries", "10");
        conf.put(prefix + ".table-default.commit.retry.min-wait-ms", "200");
        conf.put(prefix + "." + PausingCommitCatalog.TABLE_PROPERTY, config.get(WosSettings.WAREHOUSE_PAUSE_BEFORE_COMMIT));
        conf.put(prefix + "." + PausingCommitCatalog.MARKER_PROPERTY, config.dataDir().resolve("warehouse-commit-paused").toString());
        conf.put("spark.sql.defaultCatalog", catalog);
        if (!config.get(WosSettings.WAREHOUSE_SPARK_MASTER).startsWith("local")) {
            // On a cluster the executors need the run's own jars, which a Spark image does not have.
            String jars = clusterJars();
            if (!jars.isEmpty()) conf.put("spark.jars", jars);
        }
        String extra = config.get(WosSettings.WAREHOUSE_SPARK_CONF);
        if (!extra.isEmpty()) {
            for (String pair : extra.split(",")) {
                int eq = pair.indexOf('=');
                conf.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return conf;
    }

    /** Jars of this run's classpath that executors need and a Spark distribution lacks (the job, its contracts, Iceberg, the Kafka source). */
    static final java.util.List<String> CLUSTER_JAR_PREFIXES = java.util.List.of("batch-jobs", "configuration", "schemas", "iceberg-spark-runtime",
            "spark-sql-kafka", "spark-token-provider-kafka", "kafka-clients", "commons-pool2", "spark-avro", "postgresql", "picocli");

    private static String clusterJars() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            String file = java.nio.file.Path.of(entry).getFileName() == null ? "" : java.nio.file.Path.of(entry).getFileName().toString();
            if (file.endsWith(".jar") && CLUSTER_JAR_PREFIXES.stream().anyMatch(file::startsWith)) out.add(entry);
        }
        return String.join(",", out);
    }

    public static SparkSession start(WosConfig config, String appName) {
        WarehouseCatalog.ensureDatabase(config);
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        sparkConf(config).forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

}
