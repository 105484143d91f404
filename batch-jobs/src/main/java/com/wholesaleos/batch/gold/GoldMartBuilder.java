package com.wholesaleos.batch.gold;

import com.wholesaleos.batch.RunArguments;
import com.wholesaleos.batch.TableTasks;
import com.wholesaleos.batch.WarehouseTask;
import com.wholesaleos.batch.bronze.BronzeTable;
import com.wholesaleos.batch.catalog.TableRows;
import com.wholesaleos.batch.silver.SilverLoader;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Gold: brings every mart up to date with silver, each change one atomic Iceberg commit (readers see the mart before or
 * after, never half). A mart is a function of silver alone, so building it twice gives the same rows.
 *
 * <p>A mart with a {@link GoldMart.Refresh} is partitioned by its day or month column. Its first build (or one after its
 * definition changed, or after the bronze snapshots it last saw expired) computes it whole; every later run reads the
 * bronze changes silver took in since the mart's last build, asks the mart which partitions they touch, and recomputes
 * and replaces only those: an hourly run's cost follows the hour's changes, not the warehouse's size. Which bronze
 * snapshot of each input the mart has seen is committed in its own snapshot's summary, with its rows.
 */
public final class GoldMartBuilder {
    public static final String NAMESPACE = "gold";
    /** Snapshot summary key: a hash of the mart's definition and the snapshot of every table it reads. */
    static final String INPUTS_PROPERTY = "wos.inputs";
    /** Snapshot summary key: a hash of the mart's query, partition column and touched query. */
    static final String DEFINITION_PROPERTY = "wos.definition";
    /** Snapshot summary key: "table=bronze snapshot id,..." silver had taken in when the mart was built. */
    static final String POSITIONS_PROPERTY = "wos.bronze-positions";
    private static final Pattern INPUT = Pattern.compile("\\{(silver|bronze)}\\.(\\w+)");
    private static final Pattern CHANGES = Pattern.compile("\\{changes}\\.(\\w+)");

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
        Snapshot current = spark.catalog().tableExists(target) ? Spark3Util.loadIcebergTable(spark, target).currentSnapshot() : null;
        if (current != null && inputs.equals(current.summary().get(INPUTS_PROPERTY))) return "unchanged (definition and inputs as at its last build)";
        Map<String, String> props = new java.util.HashMap<>(run.snapshotProperties());
        props.put(INPUTS_PROPERTY, inputs);
        GoldMart.Refresh refresh = mart.refresh();
        if (refresh == null) {
            create(mart, target, props, "");
            return TableRows.of(spark, target) + " rows";
        }
        Map<String, String> positions = positions(refresh);
        String definition = sha256(mart.query() + "|" + refresh.column() + "|" + refresh.touched() + "|" + refresh.scope());
        props.put(DEFINITION_PROPERTY, definition);
        props.put(POSITIONS_PROPERTY, encode(positions));
        Map<String, String> since = current == null || !definition.equals(current.summary().get(DEFINITION_PROPERTY)) ? null
                : decode(current.summary().get(POSITIONS_PROPERTY));
        if (since == null || !incremental(since, positions)) {
            create(mart, target, props, " PARTITIONED BY (" + refresh.column() + ")");
            return TableRows.of(spark, target) + " rows (built whole)";
        }
        List<String> touched = touched(mart, target, since, positions);
        if (touched.isEmpty()) return "no partition touched by the changes";
        String condition = condition(refresh.column(), touched);
        String scope = "";
        if (refresh.scope() != null) {
            String view = "gold_scope_" + mart.name();
            List<String> values = touched.stream().filter(v -> !v.equals("NULL")).toList();
            spark.sql(refresh.scope().replace("{touched}", values.isEmpty() ? "NULL" : String.join(", ", values))
                    .replace("{silver}", catalog + ".silver")).createOrReplaceTempView(view);
            scope = " AND h.order_id IN (SELECT order_id FROM " + view + ")";
        }
        var rows = spark.sql("SELECT * FROM (" + mart.sql(catalog, scope) + ") WHERE " + condition);
        CommitMetadata.withCommitProperties(props, () -> {
            try {
                rows.writeTo(target).overwrite(functions.expr(condition));
            } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
                throw new IllegalStateException(e);
            }
            return null;
        }, RuntimeException.class);
        return touched.size() + " " + refresh.column() + " partitions rebuilt of " + partitions(target);
    }

    private void create(GoldMart mart, String target, Map<String, String> props, String partitioning) {
        String comment = mart.description().replace("'", "''");
        CommitMetadata.withCommitProperties(props, () -> spark.sql("CREATE OR REPLACE TABLE " + target + " USING iceberg" + partitioning
                + " TBLPROPERTIES ('format-version'='2', 'comment'='" + comment + "') AS " + mart.sql(catalog)), RuntimeException.class);
    }

    /** For each table the touched query reads changes of: the bronze snapshot its silver table has taken in ("none": nothing yet). */
    private Map<String, String> positions(GoldMart.Refresh refresh) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Matcher m = CHANGES.matcher(refresh.touched());
        while (m.find()) {
            String table = m.group(1);
            String silver = catalog + "." + SilverLoader.NAMESPACE + "." + table;
            Long consumed = spark.catalog().tableExists(silver) ? SilverLoader.consumed(Spark3Util.loadIcebergTable(spark, silver)) : null;
            out.put(table, consumed == null ? "none" : consumed.toString());
        }
        return out;
    }

    /** Whether the changes between the two positions can be read: the same inputs, each bronze snapshot an ancestor of the next. */
    private boolean incremental(Map<String, String> since, Map<String, String> now) throws Exception {
        if (!since.keySet().equals(now.keySet())) return false;
        for (String table : now.keySet()) {
            String from = since.get(table);
            String to = now.get(table);
            if (from.equals(to)) continue;
            if (from.equals("none")) return false; // its first changes: read them all, in a whole build
            if (to.equals("none")) return false;
            Table bronze = Spark3Util.loadIcebergTable(spark, catalog + "." + BronzeTable.NAMESPACE + "." + table);
            long a = Long.parseLong(from);
            if (bronze.snapshot(a) == null || !SnapshotUtil.isAncestorOf(bronze, Long.parseLong(to), a)) return false;
        }
        return true;
    }

    /** The partition values the changes since {@code since} touch, as SQL literals (NULL for the null partition). */
    private List<String> touched(GoldMart mart, String target, Map<String, String> since, Map<String, String> now) {
        String sql = mart.refresh().touched();
        for (String table : now.keySet()) {
            String view = "gold_changes_" + mart.name() + "_" + table;
            String bronze = catalog + "." + BronzeTable.NAMESPACE + "." + table;
            var reader = spark.read().format("iceberg");
            var changes = since.get(table).equals(now.get(table)) ? spark.table(bronze).where("false")
                    : reader.option("start-snapshot-id", since.get(table)).option("end-snapshot-id", now.get(table)).load(bronze);
            changes.where("decode_error IS NULL").createOrReplaceTempView(view);
            sql = sql.replace("{changes}." + table, view);
        }
        sql = sql.replace("{target}", target).replace("{column}", mart.refresh().column())
                .replace("{silver}", catalog + ".silver").replace("{bronze}", catalog + ".bronze");
        TreeSet<String> values = new TreeSet<>();
        for (Row r : spark.sql(sql).collectAsList()) values.add(r.isNullAt(0) ? "NULL" : "DATE'" + r.get(0) + "'");
        return new ArrayList<>(values);
    }

    private static String condition(String column, List<String> values) {
        List<String> dates = values.stream().filter(v -> !v.equals("NULL")).toList();
        String in = dates.isEmpty() ? "false" : column + " IN (" + String.join(", ", dates) + ")";
        return values.contains("NULL") ? "(" + in + " OR " + column + " IS NULL)" : in;
    }

    private long partitions(String target) {
        return spark.sql("SELECT count(*) FROM " + target + ".partitions").first().getLong(0);
    }

    private static String encode(Map<String, String> positions) {
        return positions.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static Map<String, String> decode(String text) {
        if (text == null || text.isEmpty()) return null;
        Map<String, String> out = new TreeMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    private String inputs(GoldMart mart) throws Exception {
        TreeSet<String> tables = new TreeSet<>();
        var m = INPUT.matcher(mart.query());
        while (m.find()) tables.add(m.group(1) + "." + m.group(2));
        StringBuilder key = new StringBuilder(mart.query());
        for (String t : tables) {
            var snapshot = Spark3Util.loadIcebergTable(spark, catalog + "." + t).currentSnapshot();
            key.append('|').append(t).append('@').append(snapshot == null ? "none" : snapshot.snapshotId());
        }
        return sha256(key.toString());
    }

    private static String sha256(String text) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest);
    }
}
