package com.wholesaleos.batch.bronze;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.types.StructType;

/** A platform topic's records (any Avro contract) as bronze rows: the record as it is (see {@link BronzeTable#recordSchema}). */
final class RecordDecoder extends BronzeDecoder {
    private final StructType valueType;

    RecordDecoder(Schema valueSchema, StructType schema) {
        super(valueSchema);
        this.valueType = (StructType) schema.apply("value").dataType();
    }

    @Override
    int columnCount() { return 1; }

    @Override
    Object[] columns(GenericRecord record) {
        return new Object[] {toRow(record, valueType)};
    }
}
