package com.wholesaleos.streaming.cdc;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.cdc.SourcePosition;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The one decoder of the change topics: each record is read with its writer's released contract version into the
 * current generated classes ({@link Change}), then turned into a job's fact by the mapping registered for its topic.
 * A record that cannot be decoded or mapped becomes the job's rejected fact, carrying its bytes and the reason, bound
 * for the dead letters; every fact learns its source position, so one an operator fails on can be dead-lettered and
 * replayed. A job declares what it reads once:
 * <pre>{@code
 * ChangeFacts.of(ShopperFact.class, ShopperFact::rejected)
 *     .on(ChangeTopic.ORDERS, Order.class, c -> ShopperFact.order(c.after()))
 * }</pre>
 */
public final class ChangeFacts<T extends ChangeFact> implements KafkaRecordDeserializationSchema<T> {
    /** A job's fact of one change, or null when the change teaches it nothing (a delete, say). */
    @FunctionalInterface
    public interface Mapping<R, T> extends Serializable {
        T fact(Change<R> change) throws Exception;
    }

    /** The job's fact standing for a record that cannot be used (its kind says so; the caller fills in the record). */
    @FunctionalInterface
    public interface Rejection<T> extends Serializable {
        T fact(long timestampMs);
    }

    private final Class<T> type;
    private final Rejection<T> rejection;
    private final EnumMap<ChangeTopic, Mapping<Object, T>> mappings = new EnumMap<>(ChangeTopic.class);
    private transient Map<String, Decoder> decoders;

    private ChangeFacts(Class<T> type, Rejection<T> rejection) {
        this.type = type;
        this.rejection = rejection;
    }

    public static <T extends ChangeFact> ChangeFacts<T> of(Class<T> type, Rejection<T> rejection) {
        return new ChangeFacts<>(type, rejection);
    }

    /** Reads {@code topic}, whose rows are {@code rowClass}, into facts. Fails at once when the class is not the topic's row. */
    @SuppressWarnings("unchecked")
    public <R extends SpecificRecordBase> ChangeFacts<T> on(ChangeTopic topic, Class<R> rowClass, Mapping<R, T> mapping) {
        String declared = SpecificData.get().getSchema(rowClass).getFullName();
        if (!declared.equals(topic.rowSchema().getFullName())) {
            throw new IllegalArgumentException(topic.topic() + " carries " + topic.rowSchema().getFullName() + " rows, not " + declared);
        }
        mappings.put(topic, (Mapping<Object, T>) (Mapping<?, T>) mapping);
        return this;
    }

    /** The topics this job reads, in declaration order of {@link ChangeTopic}. */
    public List<ChangeTopic> topics() {
        return new ArrayList<>(mappings.keySet());
    }

    /** The topic names, for the Kafka source. */
    public List<String> topicNames() {
        return topics().stream().map(ChangeTopic::topic).toList();
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        SchemaStore released = ReleasedSchemas.store();
        Map<String, Decoder> byTopic = new HashMap<>();
        for (ChangeTopic t : mappings.keySet()) byTopic.put(t.topic(), new Decoder(t, released));
        decoders = byTopic;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        T fact;
        try {
            fact = decode(record.topic(), record.value());
            if (fact == null) return;
        } catch (Exception e) {
            fact = rejection.fact(record.timestamp());
            fact.reject(record.key(), record.value(), "cannot decode a " + record.topic() + " record at offset " + record.offset() + ": " + e);
        }
        fact.locate(record.topic(), record.partition(), record.offset());
        out.collect(fact);
    }

    /** The fact of one record value of {@code topic}, or null when the change teaches the job nothing. */
    public T decode(String topic, byte[] value) throws Exception {
        if (decoders == null) open(null);
        if (value == null) throw new IllegalArgumentException("record has no value");
        Decoder decoder = decoders.get(topic);
        if (decoder == null) throw new IllegalArgumentException("topic " + topic + " is not an input of this job");
        return mappings.get(decoder.topic).fact(decoder.decode(value));
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }

    /** One topic's envelope: any released version of its contract, read into the current generated classes. */
    private static final class Decoder {
        final ChangeTopic topic;
        final BinaryMessageDecoder<SpecificRecordBase> messages;
        final int op, source, before, after;

        Decoder(ChangeTopic topic, SchemaStore released) {
            this.topic = topic;
            Schema schema = topic.valueSchema();
            // The generated class's own model carries its logical-type conversions (decimals, timestamps).
            SpecificData model = SpecificData.getForClass(SpecificData.get().getClass(schema));
            this.messages = new BinaryMessageDecoder<>(model, schema, released);
            this.op = schema.getField("op").pos();
            this.source = schema.getField("source").pos();
            this.before = schema.getField("before").pos();
            this.after = schema.getField("after").pos();
        }

        Change<Object> decode(byte[] value) throws java.io.IOException {
            SpecificRecordBase envelope = messages.decode(value);
            SourcePosition position = (SourcePosition) envelope.get(source);
            return new Change<>(topic, envelope.get(op).toString(), position.getLsn(), position.getCommitTimeMs(),
                    envelope.get(before), envelope.get(after));
        }
    }
}
