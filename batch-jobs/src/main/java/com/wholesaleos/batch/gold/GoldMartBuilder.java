package com.wholesaleos.batch.gold;

import com.wholesaleos.batch.RunArguments;
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

    public GoldMartBuilder(SparkSession spark, WosConfig config, RunArguments run) {
        this.spark = spark;
        this.catalog = config.get(WosSettings.WAREHOUSE_CATALOG);
        this.run = run;
    }

    public static void main(String[] args) {
        WarehouseTask.main("warehouse-gold", args, (spark, config, run) -> new GoldMartBuilder(spark, config, run).buildAll());
    }

    public void buildAll() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE);
        int i = 0;
        for (GoldMart mart : GoldMarts.ALL) {
            i++;
            if (mart.requiredTable() != null && !spark.catalog().tableExists(catalog + "." + mart.requiredTable())) {
                System.out.printf("gold: [%d/%d] %-24s skipped (no %s)%n", i, GoldMarts.ALL.size(), mart.name(), mart.requiredTable());
                continue;
            }
            String target = catalog + "." + NAMESPACE + "." + mart.name();
            String comment = mart.description().replace("'", "''");
            CommitMetadata.withCommitProperties(run.snapshotProperties(), () -> spark.sql("CREATE OR REPLACE TABLE " + target
                    + " USING iceberg TBLPROPERTIES ('format-version'='2', 'comment'='" + comment + "') AS " + mart.sql(catalog)), RuntimeException.class);
            System.out.printf("gold: [%d/%d] %-24s %d rows%n", i, GoldMarts.ALL.size(), mart.name(), spark.table(target).count());
        }
    }
}
