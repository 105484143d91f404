package com.wholesaleos.batch.gold;

import com.wholesaleos.batch.RunArguments;
import com.wholesaleos.batch.TableTasks;
import java.util.ArrayList;
import java.util.List;
import com.wholesaleos.batch.WarehouseTask;
import com.wholesaleos.batch.catalog.TableRows;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;

/**
 * Gold: rebuilds every mart from silver, each replaced atomically (readers see the old mart or the new, never half).
 * A mart is a function of silver alone, so rebuilding it twice gives the same rows.
 */
public final class GoldMartBuilder {
    public static final String NAMESPACE = "gold";

    private final SparkSession spark;
    private final String catalog;
    private final RunArguments run;
    private final int parallelism;

    public GoldMartBuilder(SparkSession spark, WosConfig config, RunArguments run) {
        this.spark = spark;
        this.catalog = config.get(WosSettings.WAREHOUSE_CATALOG);
        this.run = run;
        this.parallelism = config.get(WosSettings.WAREHOUSE_PARALLEL_TABLES);
    }

    public static void main(String[] args) {
        WarehouseTask.main("warehouse-gold", args, (spark, config, run) -> new GoldMartBuilder(spark, config, run).buildAll());
    }

    public void buildAll() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE);
        List<TableTasks.Task> builds = new ArrayList<>();
        for (GoldMart mart : GoldMarts.ALL) {
            builds.add(new TableTasks.Task(mart.name(), () -> build(mart)));
        }
        TableTasks.run("gold", parallelism, builds);
    }

    private String build(GoldMart mart) throws Exception {
        if (mart.requiredTable() != null && !spark.catalog().tableExists(catalog + "." + mart.requiredTable())) {
            return "skipped (no " + mart.requiredTable() + ")";
        }
        String target = catalog + "." + NAMESPACE + "." + mart.name();
        // A mart is a function of its definition and its inputs' snapshots: when neither moved, it is already right.
        String inputs = inputs(mart);
        if (spark.catalog().tableExists(target)) {
            var current = Spark3Util.loadIcebergTable(spark, target).currentSnapshot();
            if (current != null && inputs.equals(current.summary().get(INPUTS_PROPERTY))) return "unchanged (definition and inputs as at its last build)";
        }
        String comment = mart.description().replace("'", "''");
        java.util.Map<String, String> props = new java.util.HashMap<>(run.snapshotProperties());
        props.put(INPUTS_PROPERTY, inputs);
        CommitMetadata.withCommitProperties(props, () -> spark.sql("CREATE OR REPLACE TABLE " + target
                + " USING iceberg TBLPROPERTIES ('format-version'='2', 'comment'='" + comment + "') AS " + mart.sql(catalog)), RuntimeException.class);
        return TableRows.of(spark, target) + " rows";
    }

    /** Snapshot summary key: a hash of the mart's definition and the snapshot of every table it reads. */
    static final String INPUTS_PROPERTY = "wos.inputs";
    private static final java.util.regex.Pattern INPUT = java.util.regex.Pattern.compile("\\{(silver|bronze)}\\.(\\w+)");

    private String inputs(GoldMart mart) throws Exception {
        java.util.TreeSet<String> tables = new java.util.TreeSet<>();
        var m = INPUT.matcher(mart.query());
        while (m.find()) tables.add(m.group(1) + "." + m.group(2));
        StringBuilder key = new StringBuilder(mart.query());
        for (String t : tables) {
            var snapshot = Spark3Util.loadIcebergTable(spark, catalog + "." + t).currentSnapshot();
            key.append('|').append(t).append('@').append(snapshot == null ? "none" : snapshot.snapshotId());
        }
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest);
    }
}
