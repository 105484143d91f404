package com.wholesaleos.batch.bronze;

import com.wholesaleos.schemas.ReleasedSchemas;
import java.sql.Timestamp;
import java.util.Iterator;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A platform topic's records (any Avro contract, single-object encoded) as bronze rows: the record's fields as they
 * are, then the Kafka columns; a record that does not decode keeps its reason and raw bytes, like a change does.
 */
final class RecordDecoder implements MapPartitionsFunction<Row, Row> {
    private final String schemaJson;
    private final StructType schema;

    RecordDecoder(Schema valueSchema, StructType schema) {
        this.schemaJson = valueSchema.toString();
        this.schema = schema;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> records) {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        Schema valueSchema = new Schema.Parser().parse(schemaJson);
        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(model, valueSchema, ReleasedSchemas.store());
        StructType valueType = (StructType) schema.apply("value").dataType();
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
                    Row decoded = ChangeDecoder.toRow(decoder.decode(value), valueType);
                    return RowFactory.create(decoded, partition, offset, kafkaTime, null, null);
                } catch (Exception e) {
                    return RowFactory.create(null, partition, offset, kafkaTime, e.getClass().getSimpleName() + ": " + e.getMessage(), value);
                }
            }
        };
    }
}
