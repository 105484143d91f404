package com.wholesaleos.batch.silver;

import com.wholesaleos.batch.RunArguments;
import com.wholesaleos.batch.TableTasks;
import com.wholesaleos.batch.WarehouseTask;
import com.wholesaleos.batch.bronze.BronzeTable;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.schemas.ChangeTopic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Silver: the current state of every entity, MERGEd from the bronze changes it has not seen yet (the latest change
 * by LSN wins, deletes applied; a replayed change is older than or equal to what a row has and changes nothing), with
 * personal data hashed; plus SCD type-2 history of retailers and products, rebuilt from bronze. Which bronze
 * snapshot a silver table has consumed is committed in its own snapshot's summary, so a rerun starts where the last
 * committed one ended, and re-applying a change is harmless anyway.
 */
public final class SilverLoader {
    public static final String NAMESPACE = "silver";
    static final String CONSUMED_PROPERTY = "wos.bronze-snapshot-id";

    private final SparkSession spark;
    private final WosConfig config;
    private final RunArguments run;
    private final String catalog;
    private final int parallelism;

    public SilverLoader(SparkSession spark, WosConfig config, RunArguments run) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.catalog = config.get(WosSettings.WAREHOUSE_CATALOG);
        this.parallelism = config.get(WosSettings.WAREHOUSE_PARALLEL_TABLES);
    }

    public static void main(String[] args) {
        WarehouseTask.main("warehouse-silver", args, (spark, config, run) -> new SilverLoader(spark, config, run).loadAll());
    }

    public void loadAll() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE);
        List<TableTasks.Task> merges = new ArrayList<>();
        for (ChangeTopic topic : ChangeTopic.values()) {
            merges.add(new TableTasks.Task(topic.table(), () -> merge(topic) + " changed keys merged"));
        }
        TableTasks.run("silver", parallelism, merges);
        List<TableTasks.Task> histories = new ArrayList<>();
        for (ScdHistory history : ScdHistory.ALL) {
            histories.add(new TableTasks.Task(history.table(), () -> "rebuilt, " + history.rebuild(spark, catalog, run) + " versions"));
        }
        TableTasks.run("silver", parallelism, histories);
    }

    public static String name(String catalog, ChangeTopic topic) {
        return catalog + "." + NAMESPACE + "." + topic.table();
    }

    private long merge(ChangeTopic topic) throws Exception {
        String bronzeName = BronzeTable.name(catalog, topic);
        if (!spark.catalog().tableExists(bronzeName)) return 0;
        Table bronze = Spark3Util.loadIcebergTable(spark, bronzeName);
        bronze.refresh();
        String silverName = name(catalog, topic);
        StructType rowType = (StructType) spark.table(bronzeName).schema().apply("after").dataType();
        ensureTable(silverName, topic, rowType);
        Snapshot upTo = bronze.currentSnapshot();
        if (upTo == null) return 0;
        Table silver = Spark3Util.loadIcebergTable(spark, silverName);
        Long consumed = consumed(silver);
        if (consumed != null && consumed == upTo.snapshotId()) return 0;

        Dataset<Row> changes;
        if (consumed != null && isAncestor(bronze, consumed, upTo.snapshotId())) {
            // Only appended snapshots after the consumed one: compaction's rewrites are skipped by the incremental scan.
            changes = spark.read().format("iceberg").option("start-snapshot-id", consumed)
                    .option("end-snapshot-id", upTo.snapshotId()).load(bronzeName);
        } else {
            // First load, or the consumed snapshot expired: everything (latest LSN wins, so re-applying is harmless).
            changes = spark.read().format("iceberg").option("versionAsOf", upTo.snapshotId()).load(bronzeName);
        }
        String view = "changes_" + topic.table();
        changes.createOrReplaceTempView(view);

        List<String> keys = topic.keyColumns();
        List<String> columns = new ArrayList<>();
        for (StructField f : rowType.fields()) columns.add(f.name());
        Set<String> personal = new HashSet<>(PersonalData.columns(topic));
        String salt = config.get(WosSettings.WAREHOUSE_PII_SALT).replace("'", "''");
        String projected = columns.stream().map(c -> personal.contains(c)
                        ? "CASE WHEN after.`" + c + "` IS NULL THEN NULL ELSE sha2(concat('" + salt + "', after.`" + c + "`), 256) END AS `" + c + "`"
                        : (keys.contains(c) ? "coalesce(after.`" + c + "`, before.`" + c + "`)" : "after.`" + c + "`") + " AS `" + c + "`")
                .collect(Collectors.joining(", "));
        String partitionBy = keys.stream().map(k -> "coalesce(after.`" + k + "`, before.`" + k + "`)").collect(Collectors.joining(", "));
        String latest = "SELECT " + projected + ", op AS _op, lsn AS _lsn, commit_time AS _commit_time FROM ("
                + "SELECT *, row_number() OVER (PARTITION BY " + partitionBy + " ORDER BY lsn DESC, kafka_offset DESC) AS rn FROM " + view
                + " WHERE decode_error IS NULL) WHERE rn = 1";
        // Kept for the MERGE: counting the changed keys must not compute the window over the changes a second time.
        Dataset<Row> latestRows = spark.sql(latest).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        latestRows.createOrReplaceTempView(view + "_latest");
        long changed = latestRows.count();

        String on = keys.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
        List<String> all = new ArrayList<>(columns);
        all.addAll(List.of("_lsn", "_commit_time"));
        String set = all.stream().map(c -> "t.`" + c + "` = s.`" + c + "`").collect(Collectors.joining(", "));
        String insertCols = all.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
        String insertVals = all.stream().map(c -> "s.`" + c + "`").collect(Collectors.joining(", "));
        String mergeSql = "MERGE INTO " + silverName + " t USING " + view + "_latest s ON " + on
                + " WHEN MATCHED AND s._op = 'DELETE' AND s._lsn >= t._lsn THEN DELETE"
                + " WHEN MATCHED AND s._lsn >= t._lsn THEN UPDATE SET " + set
                + " WHEN NOT MATCHED AND s._op <> 'DELETE' THEN INSERT (" + insertCols + ") VALUES (" + insertVals + ")";
        Map<String, String> props = new java.util.HashMap<>(run.snapshotProperties());
        props.put(CONSUMED_PROPERTY, Long.toString(upTo.snapshotId()));
        try {
            CommitMetadata.withCommitProperties(props, () -> spark.sql(mergeSql), RuntimeException.class);
        } finally {
            latestRows.unpersist();
        }
        return changed;
    }

    /** Creates the silver table, or adds the columns a contract gained since (schema evolution without manual steps). */
    private void ensureTable(String silverName, ChangeTopic topic, StructType rowType) {
        if (!spark.catalog().tableExists(silverName)) {
            String cols = java.util.Arrays.stream(rowType.fields())
                    .map(f -> "`" + f.name() + "` " + (PersonalData.columns(topic).contains(f.name()) ? "STRING" : f.dataType().sql()))
                    .collect(Collectors.joining(", "));
            spark.sql("CREATE TABLE " + silverName + " (" + cols + ", _lsn BIGINT, _commit_time TIMESTAMP) USING iceberg "
                    + "TBLPROPERTIES ('format-version'='2', 'write.merge.mode'='merge-on-read', 'write.update.mode'='merge-on-read', "
                    + "'write.delete.mode'='merge-on-read', 'comment'='Current state of " + topic.table() + " (latest change by LSN; personal data hashed)')");
            return;
        }
        Set<String> existing = java.util.Arrays.stream(spark.table(silverName).schema().fieldNames()).collect(Collectors.toSet());
        for (StructField f : rowType.fields()) {
            if (existing.contains(f.name())) continue;
            String type = PersonalData.columns(topic).contains(f.name()) ? "STRING" : f.dataType().sql();
            spark.sql("ALTER TABLE " + silverName + " ADD COLUMN `" + f.name() + "` " + type);
        }
    }

    /** The bronze snapshot a silver table has taken in up to (null: none yet). */
    public static Long consumed(Table silver) {
        Snapshot current = silver.currentSnapshot();
        if (current == null) return null;
        for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), silver::snapshot)) {
            String id = s.summary().get(CONSUMED_PROPERTY);
            if (id != null) return Long.parseLong(id);
        }
        return null;
    }

    private static boolean isAncestor(Table table, long ancestor, long of) {
        return table.snapshot(ancestor) != null && SnapshotUtil.isAncestorOf(table, of, ancestor);
    }
}
