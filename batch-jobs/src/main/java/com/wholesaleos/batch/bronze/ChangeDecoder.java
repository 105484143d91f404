package com.wholesaleos.batch.bronze;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a change topic's Kafka records (Avro single-object encoding, any released writer version) into bronze rows
 * in the current contract's shape. A record that does not decode becomes a row with its reason and raw bytes instead
 * of failing the load: bronze keeps everything, and silver skips what it cannot read.
 */
final class ChangeDecoder implements MapPartitionsFunction<Row, Row> {
    private final ChangeTopic topic;
    private final StructType schema;

    ChangeDecoder(ChangeTopic topic, StructType schema) {
        this.topic = topic;
        this.schema = schema;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> records) {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(model, topic.valueSchema(), ReleasedSchemas.store());
        StructType rowType = (StructType) schema.apply("after").dataType();
        return new Iterator<>() {
            @Override public boolean hasNext() { return records.hasNext(); }

            @Override
            public Row next() {
                Row kafka = records.next();
                byte[] value = kafka.getAs("value");
                int partition = kafka.getAs("partition");
                long offset = kafka.getAs("offset");
                Timestamp kafkaTime = kafka.getAs("timestamp");
                try {
                    if (value == null) throw new IllegalArgumentException("tombstone (no value)");
                    GenericRecord change = decoder.decode(value);
                    GenericRecord source = (GenericRecord) change.get("source");
                    Object txId = source.get("tx_id");
                    return RowFactory.create(change.get("op").toString(),
                            toRow((GenericRecord) change.get("before"), rowType), toRow((GenericRecord) change.get("after"), rowType),
                            (Long) source.get("lsn"), txId == null ? null : (Long) txId,
                            new Timestamp((Long) source.get("commit_time_ms")), (Boolean) source.get("snapshot"),
                            new Timestamp((Long) source.get("captured_at_ms")),
                            partition, offset, kafkaTime, null, null);
                } catch (Exception e) {
                    return RowFactory.create(null, null, null, null, null, null, null, null, partition, offset, kafkaTime,
                            e.getClass().getSimpleName() + ": " + e.getMessage(), value);
                }
            }
        };
    }

    static Row toRow(GenericRecord record, StructType type) {
        if (record == null) return null;
        Object[] values = new Object[type.fields().length];
        for (int i = 0; i < values.length; i++) {
            StructField field = type.fields()[i];
            Schema.Field avroField = record.getSchema().getField(field.name());
            values[i] = avroField == null ? null : toSpark(record.get(avroField.pos()), field.dataType());
        }
        return RowFactory.create(values);
    }

    private static Object toSpark(Object value, DataType type) {
        if (value == null) return null;
        if (type instanceof StructType struct) return toRow((GenericRecord) value, struct);
        if (type instanceof ArrayType array) {
            List<Object> out = new ArrayList<>();
            for (Object v : (Iterable<?>) value) out.add(toSpark(v, array.elementType()));
            return out.toArray();
        }
        if (value instanceof CharSequence || value instanceof GenericData.EnumSymbol) return value.toString();
        if (value instanceof Instant instant) return Timestamp.from(instant);
        if (value instanceof BigDecimal decimal) return decimal;
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return value;
    }
}
