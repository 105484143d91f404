package com.wholesaleos.batch.bronze;

import com.wholesaleos.schemas.ChangeTopic;
import org.apache.spark.sql.avro.SchemaConverters;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The bronze changelog table of one change topic: every change as it was captured, append-only. The row columns
 * ({@code before}, {@code after}) follow the topic's contract, so a column a migration adds appears here on the next
 * load; the rest says where the change came from (LSN, commit time, Kafka partition and offset).
 */
public final class BronzeTable {
    public static final String NAMESPACE = "bronze";
    /** Snapshot summary key holding the Kafka offsets a snapshot's load read up to, committed with its rows. */
    public static final String OFFSETS_PROPERTY = "wos.kafka-offsets";

    private BronzeTable() {}

    public static String name(String catalog, ChangeTopic topic) {
        return catalog + "." + NAMESPACE + "." + topic.table();
    }

    /** Platform topics the warehouse keeps besides the change topics: bronze table name -> topic. */
    public static final java.util.Map<String, com.wholesaleos.schemas.PlatformTopic> PLATFORM_TOPICS =
            java.util.Map.of("fraud_alerts", com.wholesaleos.schemas.PlatformTopic.FRAUD_ALERTS);

    /** A platform topic's table: each record (every version of an upserted key) with its Kafka position. */
    public static StructType recordSchema(org.apache.avro.Schema valueSchema) {
        return new StructType(new StructField[] {
                new StructField("value", SchemaConverters.toSqlType(valueSchema).dataType(), true, Metadata.empty()),
                field("kafka_partition", DataTypes.IntegerType, "partition of the topic"),
                field("kafka_offset", DataTypes.LongType, "offset in that partition"),
                field("kafka_timestamp", DataTypes.TimestampType, "Kafka record timestamp"),
                field("decode_error", DataTypes.StringType, "why the record did not decode"),
                field("raw_value", DataTypes.BinaryType, "the record's bytes, kept only when it did not decode")});
    }

    public static StructType schema(ChangeTopic topic) {
        return schema(topic.rowSchema());
    }

    /** The changelog shape for one version of a table's row contract. */
    public static StructType schema(org.apache.avro.Schema rowSchema) {
        StructType row = (StructType) SchemaConverters.toSqlType(rowSchema).dataType();
        return new StructType(new StructField[] {
                field("op", DataTypes.StringType, "CREATE, UPDATE, DELETE, or READ (initial snapshot); null when the record did not decode"),
                new StructField("before", row, true, Metadata.empty()),
                new StructField("after", row, true, Metadata.empty()),
                field("lsn", DataTypes.LongType, "PostgreSQL log sequence number of the change"),
                field("tx_id", DataTypes.LongType, "PostgreSQL transaction id"),
                field("commit_time", DataTypes.TimestampType, "commit time of the transaction"),
                field("snapshot", DataTypes.BooleanType, "read by the capture's initial snapshot"),
                field("captured_at", DataTypes.TimestampType, "when the capture handled the change"),
                field("kafka_partition", DataTypes.IntegerType, "partition of the change topic"),
                field("kafka_offset", DataTypes.LongType, "offset in that partition: with the partition, the change's identity here"),
                field("kafka_timestamp", DataTypes.TimestampType, "Kafka record timestamp"),
                field("decode_error", DataTypes.StringType, "why the record did not decode (then only the Kafka columns and raw_value are set)"),
                field("raw_value", DataTypes.BinaryType, "the record's bytes, kept only when it did not decode")});
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, String comment) {
        return new StructField(name, type, true, Metadata.empty()).withComment(comment);
    }
}
