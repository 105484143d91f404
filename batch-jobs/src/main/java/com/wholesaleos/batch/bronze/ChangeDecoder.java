package com.wholesaleos.batch.bronze;

import com.wholesaleos.schemas.ChangeTopic;
import java.sql.Timestamp;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.types.StructType;

/** A change topic's records as changelog rows in the current contract's shape (see {@link BronzeTable#schema}). */
final class ChangeDecoder extends BronzeDecoder {
    private final StructType rowType;

    ChangeDecoder(ChangeTopic topic, StructType schema) {
        super(topic.valueSchema());
        this.rowType = (StructType) schema.apply("after").dataType();
    }

    @Override
    int columnCount() { return 8; }

    @Override
    Object[] columns(GenericRecord change) {
        GenericRecord source = (GenericRecord) change.get("source");
        Object txId = source.get("tx_id");
        return new Object[] {change.get("op").toString(),
                toRow((GenericRecord) change.get("before"), rowType), toRow((GenericRecord) change.get("after"), rowType),
                (Long) source.get("lsn"), txId == null ? null : (Long) txId,
                new Timestamp((Long) source.get("commit_time_ms")), (Boolean) source.get("snapshot"),
                new Timestamp((Long) source.get("captured_at_ms"))};
    }
}
