package com.wholesaleos.batch.bronze;

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
 * Kafka records of one topic (Avro single-object encoding, any released writer version) to bronze rows: the record's
 * columns, then its partition, offset and timestamp. A record that does not decode becomes a row with its reason and
 * raw bytes instead of failing the load: bronze keeps everything, and what reads bronze skips what it cannot read.
 */
abstract class BronzeDecoder implements MapPartitionsFunction<Row, Row> {
    private final String valueSchemaJson;

    BronzeDecoder(Schema valueSchema) {
        this.valueSchemaJson = valueSchema.toString();
    }

    /** The leading columns of a decoded record's row. */
    abstract Object[] columns(GenericRecord record);

    /** How many leading columns {@link #columns} fills (null when the record did not decode). */
    abstract int columnCount();

    @Override
    public Iterator<Row> call(Iterator<Row> records) {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(model, new Schema.Parser().parse(valueSchemaJson),
                ReleasedSchemas.store());
        return new Iterator<>() {
            @Override public boolean hasNext() { return records.hasNext(); }

            @Override
            public Row next() {
                Row kafka = records.next();
                byte[] value = kafka.getAs("value");
                Object[] row = new Object[columnCount() + 5];
                row[columnCount()] = kafka.getAs("partition");
                row[columnCount() + 1] = kafka.getAs("offset");
                row[columnCount() + 2] = kafka.getAs("timestamp");
                try {
                    if (value == null) throw new IllegalArgumentException("tombstone (no value)");
                    System.arraycopy(columns(decoder.decode(value)), 0, row, 0, columnCount());
                } catch (Exception e) {
                    java.util.Arrays.fill(row, 0, columnCount(), null);
                    row[columnCount() + 3] = e.getClass().getSimpleName() + ": " + e.getMessage();
                    row[columnCount() + 4] = value;
                }
                return RowFactory.create(row);
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
