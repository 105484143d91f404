package com.wholesaleos.streaming.fraud.control;

import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.fraud.FraudRuleUpdate;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes wos.fraud.rules; a record that cannot be decoded is passed on with the reason, to be dead-lettered. */
public final class RuleChangeDeserializer implements KafkaRecordDeserializationSchema<RuleChange> {
    private transient BinaryMessageDecoder<FraudRuleUpdate> decoder;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = FraudRuleUpdate.createDecoder(ReleasedSchemas.store());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RuleChange> out) {
        if (decoder == null) open(null);
        RuleChange c = new RuleChange();
        try {
            if (record.value() == null) throw new IllegalArgumentException("record has no value");
            FraudRuleUpdate u = decoder.decode(record.value());
            c.rule = u.getRule();
            c.version = u.getVersion();
            c.settings.putAll(u.getSettings());
            c.changedBy = u.getChangedBy();
            c.note = u.getNote();
            c.atMs = u.getAtMs();
        } catch (Exception e) {
            c.error = "cannot decode a " + record.topic() + " record at offset " + record.offset() + ": " + e;
            c.key = record.key();
            c.payload = record.value();
        }
        c.topic = record.topic();
        c.partition = record.partition();
        c.offset = record.offset();
        out.collect(c);
    }

    @Override
    public TypeInformation<RuleChange> getProducedType() {
        return TypeInformation.of(RuleChange.class);
    }
}
