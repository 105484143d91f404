package com.wholesaleos.streaming.cdc;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.cdc.Order;
import com.wholesaleos.schemas.cdc.OrderChange;
import com.wholesaleos.schemas.cdc.OrderItem;
import com.wholesaleos.schemas.cdc.OrderItemChange;
import com.wholesaleos.schemas.cdc.Refund;
import com.wholesaleos.schemas.cdc.RefundChange;
import com.wholesaleos.schemas.cdc.SourcePosition;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the order, order line and refund change topics (Avro single-object encoding, any released schema
 * version). A record that cannot be decoded becomes a REJECTED record carrying its bytes and the reason.
 */
public final class ChangeEventDeserializer implements KafkaRecordDeserializationSchema<CdcRecord> {
    private transient BinaryMessageDecoder<OrderChange> orders;
    private transient BinaryMessageDecoder<OrderItemChange> items;
    private transient BinaryMessageDecoder<RefundChange> refunds;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        SchemaStore released = ReleasedSchemas.store();
        orders = OrderChange.createDecoder(released);
        items = OrderItemChange.createDecoder(released);
        refunds = RefundChange.createDecoder(released);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CdcRecord> out) {
        try {
            if (record.value() == null) throw new IllegalArgumentException("record has no value");
            CdcRecord r = decode(record.topic(), record.value());
            // Where it came from, so a record an operator cannot process can be dead-lettered with its position and replayed.
            r.topic = record.topic();
            r.partition = record.partition();
            r.offset = record.offset();
            out.collect(r);
        } catch (Exception e) {
            CdcRecord r = new CdcRecord();
            r.kind = CdcRecord.REJECTED;
            r.reason = "cannot decode a " + record.topic() + " record at offset " + record.offset() + ": " + e;
            r.topic = record.topic();
            r.partition = record.partition();
            r.offset = record.offset();
            r.key = record.key();
            r.payload = record.value();
            r.commitTimeMs = record.timestamp();
            r.businessTimeMs = record.timestamp();
            out.collect(r);
        }
    }

    CdcRecord decode(String topic, byte[] value) throws java.io.IOException {
        if (orders == null) open(null);
        if (ChangeTopic.ORDERS.topic().equals(topic)) {
            OrderChange c = orders.decode(value);
            Order row = c.getAfter() != null ? c.getAfter() : c.getBefore();
            if (row == null) throw new IllegalArgumentException("order change without a row");
            CdcRecord r = CdcRecord.order(row.getId(), lsn(c.getSource()), c.getSource().getCommitTimeMs(), row.getStatus(),
                    row.getRegionId(), row.getRetailerSegment(), row.getCurrency());
            r.op = c.getOp().name();
            r.businessTimeMs = millis(row.getUpdatedAt());
            return r;
        }
        if (ChangeTopic.ORDER_ITEMS.topic().equals(topic)) {
            OrderItemChange c = items.decode(value);
            OrderItem row = c.getAfter() != null ? c.getAfter() : c.getBefore();
            if (row == null) throw new IllegalArgumentException("order line change without a row");
            CdcRecord r = CdcRecord.item(row.getOrderId(), lsn(c.getSource()), c.getSource().getCommitTimeMs(), row.getLineNo(),
                    row.getCategoryId(), row.getLineTotal());
            r.op = c.getOp().name();
            if (row.getCreatedAt() != null) r.businessTimeMs = millis(row.getCreatedAt()); // v4: the line's own time
            return r;
        }
        if (ChangeTopic.REFUNDS.topic().equals(topic)) {
            RefundChange c = refunds.decode(value);
            Refund row = c.getAfter() != null ? c.getAfter() : c.getBefore();
            if (row == null) throw new IllegalArgumentException("refund change without a row");
            CdcRecord r = CdcRecord.refund(row.getOrderId(), lsn(c.getSource()), c.getSource().getCommitTimeMs(), row.getId(),
                    row.getLineNo(), row.getAmount());
            r.op = c.getOp().name();
            r.businessTimeMs = millis(row.getCreatedAt());
            return r;
        }
        throw new IllegalArgumentException("topic " + topic + " is not an input of this job");
    }

    private static long lsn(SourcePosition p) { return p.getLsn(); }

    /** Contract timestamps are timestamp-micros; GMV dates to the millisecond (truncating, as SQL's date_trunc does). */
    private static long millis(java.time.Instant timestamp) {
        return timestamp.toEpochMilli();
    }

    @Override
    public TypeInformation<CdcRecord> getProducedType() {
        return TypeInformation.of(CdcRecord.class);
    }
}
