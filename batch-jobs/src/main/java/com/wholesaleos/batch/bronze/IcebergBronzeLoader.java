package com.wholesaleos.batch.bronze;

import com.wholesaleos.batch.RunArguments;
import com.wholesaleos.batch.TableTasks;
import com.wholesaleos.batch.WarehouseTask;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.schemas.ChangeTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bronze: appends every change topic's new records to its changelog table, exactly once. Each load reads the offset
 * range from the offsets the table's last load committed to the topic's end at the start of this run, and commits
 * the rows together with the range's end in the same Iceberg snapshot (its summary). A run killed anywhere before
 * that commit leaves no snapshot, only unreferenced files (orphan-file removal deletes them), so the next run reads
 * the same range again; a run killed after it reads on from there. No consumer group is involved.
 */
public final class IcebergBronzeLoader {
    private static final Logger LOG = LoggerFactory.getLogger(IcebergBronzeLoader.class);

    private final SparkSession spark;
    private final WosConfig config;
    private final RunArguments run;

    public IcebergBronzeLoader(SparkSession spark, WosConfig config, RunArguments run) {
        this.spark = spark;
        this.config = config;
        this.run = run;
    }

    public static void main(String[] args) {
        WarehouseTask.main("warehouse-bronze", args, (spark, config, run) ->
                System.out.println("bronze: loaded " + new IcebergBronzeLoader(spark, config, run).loadAll() + " changes"));
    }

    /** Loads every change topic; returns the number of changes appended. */
    public long loadAll() throws Exception {
        String catalog = config.get(WosSettings.WAREHOUSE_CATALOG);
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + BronzeTable.NAMESPACE);
        List<String> topics = new ArrayList<>();
        for (ChangeTopic t : ChangeTopic.values()) topics.add(t.topic());
        BronzeTable.PLATFORM_TOPICS.values().forEach(t -> topics.add(t.topic()));
        Map<String, KafkaOffsets> ends = endOffsets(topics);
        java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        List<TableTasks.Task> tasks = new ArrayList<>();
        for (ChangeTopic topic : ChangeTopic.values()) {
            String table = BronzeTable.name(catalog, topic);
            tasks.add(new TableTasks.Task(topic.table(), () -> {
                long n = load(topic.topic(), table, BronzeTable.schema(topic), ends.get(topic.topic()),
                        schema -> new ChangeDecoder(topic, schema), "Changelog of " + topic.table() + " from " + topic.topic() + ", append-only");
                total.addAndGet(n);
                return "+" + n + " changes";
            }));
        }
        for (var e : new java.util.TreeMap<>(BronzeTable.PLATFORM_TOPICS).entrySet()) {
            if (ends.get(e.getValue().topic()).next().isEmpty()) continue; // topic not provisioned here
            String table = catalog + "." + BronzeTable.NAMESPACE + "." + e.getKey();
            StructType schema = BronzeTable.recordSchema(e.getValue().valueSchema());
            tasks.add(new TableTasks.Task(e.getKey(), () -> {
                long n = load(e.getValue().topic(), table, schema, ends.get(e.getValue().topic()),
                        s -> new RecordDecoder(e.getValue().valueSchema(), s), "Every record of " + e.getValue().topic() + ", append-only");
                total.addAndGet(n);
                return "+" + n + " records";
            }));
        }
        TableTasks.run("bronze", config.get(WosSettings.WAREHOUSE_PARALLEL_TABLES), tasks);
        return total.get();
    }

    private long load(String topic, String tableName, StructType schema, KafkaOffsets end,
                      java.util.function.Function<StructType, org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>> decoder,
                      String comment) throws Exception {
        createIfMissing(spark, tableName, schema, comment);
        Table table = Spark3Util.loadIcebergTable(spark, tableName);
        KafkaOffsets from = KafkaOffsets.committed(table);
        long count = from.countTo(end);
        if (count <= 0) return 0;
        Dataset<Row> records = spark.read().format("kafka")
                .option("kafka.bootstrap.servers", config.kafkaBootstrap())
                .option("subscribe", topic)
                .option("startingOffsets", from.sparkJson(topic, end.next().keySet()))
                .option("endingOffsets", end.sparkJson(topic, end.next().keySet()))
                .option("failOnDataLoss", "true")
                .load();
        append(records.mapPartitions(decoder.apply(schema), Encoders.row(schema)), tableName, end, run);
        LOG.info("{}: appended offsets {} -> {}", tableName, from.next(), end.next());
        return count;
    }

    /** An empty changelog table, created once; it accepts later contract versions' columns (mergeSchema on append). */
    public static void createIfMissing(SparkSession spark, String tableName, StructType schema, ChangeTopic topic) {
        createIfMissing(spark, tableName, schema, "Changelog of " + topic.table() + " from " + topic.topic() + ", append-only");
    }

    public static void createIfMissing(SparkSession spark, String tableName, StructType schema, String comment) {
        if (spark.catalog().tableExists(tableName)) {
            evolve(spark, tableName, schema);
            return;
        }
        spark.createDataFrame(List.of(), schema).writeTo(tableName)
                .tableProperty("format-version", "2")
                .tableProperty("write.spark.accept-any-schema", "true")
                .tableProperty("comment", comment)
                .createOrReplace();
    }

    /**
     * Adds the columns a newer contract has and the table lacks, nested ones included ({@code after.commission_rate}),
     * before any record carries them: silver and gold can then rely on the contract's columns.
     */
    static void evolve(SparkSession spark, String tableName, StructType schema) {
        StructType current = spark.table(tableName).schema();
        List<String> added = new ArrayList<>();
        for (org.apache.spark.sql.types.StructField f : schema.fields()) {
            if (!java.util.Arrays.asList(current.fieldNames()).contains(f.name())) {
                added.add("`" + f.name() + "` " + f.dataType().sql());
            } else if (f.dataType() instanceof StructType wanted && current.apply(f.name()).dataType() instanceof StructType has) {
                for (org.apache.spark.sql.types.StructField nested : wanted.fields()) {
                    if (!java.util.Arrays.asList(has.fieldNames()).contains(nested.name())) {
                        added.add("`" + f.name() + "`.`" + nested.name() + "` " + nested.dataType().sql());
                    }
                }
            }
        }
        if (!added.isEmpty()) spark.sql("ALTER TABLE " + tableName + " ADD COLUMNS (" + String.join(", ", added) + ")");
    }

    /**
     * Appends decoded changes in one snapshot whose summary holds the offsets they were read up to. Columns the table
     * lacks (a contract version newer than the table) are added by the same commit.
     */
    public static void append(Dataset<Row> changes, String tableName, KafkaOffsets end, RunArguments run) throws Exception {
        var writer = changes.writeTo(tableName).option("mergeSchema", "true")
                .option("snapshot-property." + BronzeTable.OFFSETS_PROPERTY, end.toJson());
        for (var p : run.snapshotProperties().entrySet()) writer = writer.option("snapshot-property." + p.getKey(), p.getValue());
        writer.append();
    }

    /** The end of each topic now: the range this run loads up to (no partitions: the topic does not exist). */
    private Map<String, KafkaOffsets> endOffsets(List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, KafkaOffsets> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            for (String topic : topics) {
                List<TopicPartition> partitions = new ArrayList<>();
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) for (PartitionInfo p : infos) partitions.add(new TopicPartition(topic, p.partition()));
                Map<Integer, Long> next = new HashMap<>();
                consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach((tp, o) -> next.put(tp.partition(), o));
                out.put(topic, new KafkaOffsets(next));
            }
        }
        return out;
    }
}
