package com.wholesaleos.batch.maintenance;

import com.wholesaleos.batch.RunArguments;
import com.wholesaleos.batch.WarehouseTask;
import com.wholesaleos.batch.bronze.BronzeTable;
import com.wholesaleos.batch.bronze.KafkaOffsets;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps every warehouse table small and cheap to read: compacts small data files (and merge-on-read delete files),
 * expires snapshots older than the retention (keeping the newest few, so time travel and incremental reads of recent
 * loads still work), and removes files no snapshot references (what killed writes leave behind) once they are older
 * than any write could still be running. A bronze table's compaction carries its Kafka offsets forward.
 */
public final class TableMaintenance {
    private final SparkSession spark;
    private final String catalog;
    private final RunArguments run;
    private final Duration retention;
    private final Duration orphanAge;

    public TableMaintenance(SparkSession spark, WosConfig config, RunArguments run) {
        this.spark = spark;
        this.catalog = config.get(WosSettings.WAREHOUSE_CATALOG);
        this.run = run;
        this.retention = Duration.ofHours(config.get(WosSettings.WAREHOUSE_SNAPSHOT_RETENTION_HOURS));
        this.orphanAge = Duration.ofHours(config.get(WosSettings.WAREHOUSE_ORPHAN_AGE_HOURS));
    }

    public static void main(String[] args) {
        WarehouseTask.main("warehouse-maintenance", args, (spark, config, run) -> new TableMaintenance(spark, config, run).maintainAll());
    }

    public void maintainAll() throws Exception {
        List<String> tables = new java.util.ArrayList<>();
        // plan and milestones: the growth plan's tables and the milestones' materialized tables, which Trino writes.
        for (String namespace : List.of("bronze", "silver", "gold", "plan", "milestones")) {
            if (!spark.catalog().databaseExists(catalog + "." + namespace)) continue;
            for (Row t : spark.sql("SHOW TABLES IN " + catalog + "." + namespace).collectAsList()) tables.add(catalog + "." + namespace + "." + t.getString(1));
        }
        int i = 0;
        for (String table : tables) {
            i++;
            System.out.printf("maintenance: [%d/%d] %s %s%n", i, tables.size(), table, maintain(table));
        }
        System.out.printf("maintenance: %d tables maintained%n", tables.size());
    }

    private String maintain(String table) throws Exception {
        Table iceberg = Spark3Util.loadIcebergTable(spark, table);
        Map<String, String> props = new HashMap<>(run.snapshotProperties());
        if (table.startsWith(catalog + "." + BronzeTable.NAMESPACE + ".")) {
            props.put(BronzeTable.OFFSETS_PROPERTY, KafkaOffsets.committed(iceberg).toJson());
        }
        Row rewritten = CommitMetadata.withCommitProperties(props, () -> spark.sql("CALL " + catalog + ".system.rewrite_data_files(table => '" + table
                + "', options => map('min-input-files', '2', 'remove-dangling-deletes', 'true'))").first(), RuntimeException.class);
        Row deletes = CommitMetadata.withCommitProperties(props, () -> spark.sql("CALL " + catalog + ".system.rewrite_position_delete_files(table => '"
                + table + "', options => map('min-input-files', '2'))").first(), RuntimeException.class);
        Instant expireBefore = Instant.now().minus(retention);
        Row expired = spark.sql("CALL " + catalog + ".system.expire_snapshots(table => '" + table + "', older_than => TIMESTAMP '"
                + java.sql.Timestamp.from(expireBefore) + "', retain_last => 5)").first();
        Instant orphansBefore = Instant.now().minus(orphanAge);
        long orphans = spark.sql("CALL " + catalog + ".system.remove_orphan_files(table => '" + table + "', older_than => TIMESTAMP '"
                + java.sql.Timestamp.from(orphansBefore) + "')").count();
        return String.format("compacted %d -> %d data files, %d -> %d delete files; expired %d data files; removed %d orphan files",
                rewritten.getInt(0), rewritten.getInt(1), deletes.getInt(0), deletes.getInt(1), expired.getLong(0), orphans);
    }
}
