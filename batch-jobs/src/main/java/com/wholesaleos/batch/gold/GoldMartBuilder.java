package com.wholesaleos.batch.gold;

import com.wholesaleos.batch.RunArguments;
import com.wholesaleos.batch.TableTasks;
import java.util.ArrayList;
import java.util.List;
import com.wholesaleos.batch.WarehouseTask;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import org.apache.iceberg.spark.CommitMetadata;
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

    private String build(GoldMart mart) {
        if (mart.requiredTable() != null && !spark.catalog().tableExists(catalog + "." + mart.requiredTable())) {
            return "skipped (no " + mart.requiredTable() + ")";
        }
        String target = catalog + "." + NAMESPACE + "." + mart.name();
        String comment = mart.description().replace("'", "''");
        CommitMetadata.withCommitProperties(run.snapshotProperties(), () -> spark.sql("CREATE OR REPLACE TABLE " + target
                + " USING iceberg TBLPROPERTIES ('format-version'='2', 'comment'='" + comment + "') AS " + mart.sql(catalog)), RuntimeException.class);
        return spark.table(target).count() + " rows";
    }
}
