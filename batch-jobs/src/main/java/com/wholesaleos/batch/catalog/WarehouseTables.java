package com.wholesaleos.batch.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wholesaleos.batch.WarehouseSession;
import com.wholesaleos.batch.gold.GoldMarts;
import com.wholesaleos.config.WarehouseCatalog;
import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the warehouse holds, as one JSON document on stdout (the CLI renders it): every table of the catalog with its
 * snapshots, rows and files; or, with {@code --gmv-by-day}, the daily GMV mart's total per business day and currency.
 */
@Command(name = "warehouse-tables", mixinStandardHelpOptions = true)
public final class WarehouseTables implements Callable<Integer> {
    public static final String JSON_MARKER = "WAREHOUSE_JSON ";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--config") Path config;
    @Option(names = "--gmv-by-day", description = "The gold daily GMV mart's total per day and currency instead.") boolean gmvByDay;
    @Option(names = "--sql", description = "Queries to run instead (repeatable): each one's rows, as arrays of strings.") List<String> queries;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WarehouseTables()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        WosConfig cfg = StageLaunch.configuration(config == null ? new String[0] : new String[] {"--config", config.toString()}, "warehouse-tables");
        String catalog = cfg.get(WosSettings.WAREHOUSE_CATALOG);
        try (SparkSession spark = WarehouseSession.start(cfg, "wos warehouse-tables")) {
            ObjectNode out = JSON.createObjectNode();
            out.put("catalog", catalog);
            out.put("location", WarehouseCatalog.location(cfg));
            if (queries != null) {
                ArrayNode results = out.putArray("results");
                for (String q : queries) {
                    ArrayNode rows = results.addArray();
                    for (Row r : spark.sql(q).collectAsList()) {
                        ArrayNode row = rows.addArray();
                        for (int i = 0; i < r.length(); i++) row.add(r.isNullAt(i) ? null : String.valueOf(r.get(i)));
                    }
                }
            } else if (gmvByDay) {
                ArrayNode days = out.putArray("gmv_by_day");
                String table = catalog + ".gold." + GoldMarts.DAILY_GMV.name();
                if (spark.catalog().tableExists(table)) {
                    for (Row r : spark.sql("SELECT CAST(day AS STRING), currency, CAST(sum(gmv) AS STRING) FROM " + table
                            + " GROUP BY day, currency ORDER BY 1, 2").collectAsList()) {
                        days.addObject().put("day", r.getString(0)).put("currency", r.getString(1)).put("gmv", r.getString(2));
                    }
                }
            } else {
                ArrayNode tables = out.putArray("tables");
                for (String namespace : List.of("bronze", "silver", "gold")) {
                    if (!spark.catalog().databaseExists(catalog + "." + namespace)) continue;
                    for (Row t : spark.sql("SHOW TABLES IN " + catalog + "." + namespace).collectAsList()) {
                        String name = catalog + "." + namespace + "." + t.getString(1);
                        Table table = Spark3Util.loadIcebergTable(spark, name);
                        Snapshot current = table.currentSnapshot();
                        ObjectNode n = tables.addObject();
                        n.put("table", namespace + "." + t.getString(1));
                        n.put("format_version", table.properties().getOrDefault("format-version", "2"));
                        int snapshots = 0;
                        for (Snapshot ignored : table.snapshots()) snapshots++;
                        n.put("snapshots", snapshots);
                        n.put("rows", current == null ? 0 : Long.parseLong(current.summary().getOrDefault("total-records", "0")));
                        n.put("data_files", current == null ? 0 : Long.parseLong(current.summary().getOrDefault("total-data-files", "0")));
                        n.put("delete_files", current == null ? 0 : Long.parseLong(current.summary().getOrDefault("total-delete-files", "0")));
                        n.put("bytes", current == null ? 0 : Long.parseLong(current.summary().getOrDefault("total-files-size", "0")));
                        if (current != null) {
                            n.put("last_commit", java.time.Instant.ofEpochMilli(current.timestampMillis()).toString());
                            n.put("last_operation", current.operation());
                            String run = current.summary().get("wos.run-id");
                            if (run != null) n.put("last_run", run);
                        }
                    }
                }
            }
            // The document follows a marker: Spark and its libraries may print to stdout too.
            System.out.println(JSON_MARKER + JSON.writeValueAsString(out));
        }
        return 0;
    }
}
