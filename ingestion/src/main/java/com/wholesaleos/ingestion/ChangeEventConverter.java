package com.wholesaleos.ingestion;

import com.wholesaleos.schemas.ChangeTopic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a Debezium change record into its topic's Avro contract (single-object encoding, so the writer
 * schema travels as a fingerprint). Anything that does not fit the contract raises {@link ContractViolation}.
 */
public final class ChangeEventConverter {

    /** A converted change, ready to produce. */
    public record Converted(ChangeTopic topic, byte[] key, byte[] value) {}

    private static final Conversions.DecimalConversion DECIMAL = new Conversions.DecimalConversion();
    private final Map<ChangeTopic, BinaryMessageEncoder<GenericRecord>> encoders = new EnumMap<>(ChangeTopic.class);
    /** table → (contract field → source column): renamed columns mapped by configuration (ingestion.column-aliases). */
    private final Map<String, Map<String, String>> columnAliases;

    public ChangeEventConverter() { this(Map.of()); }

    public ChangeEventConverter(Map<String, Map<String, String>> columnAliases) {
        this.columnAliases = columnAliases;
        for (ChangeTopic t : ChangeTopic.values()) encoders.put(t, new BinaryMessageEncoder<>(GenericData.get(), t.valueSchema()));
    }

    /**
     * Parses {@code table.source_column=contract_field,...}: a column renamed in the source still fills its contract
     * field, so its changes convert (and dead-lettered ones replay) without a contract change.
     */
    public static Map<String, Map<String, String>> parseAliases(String spec) {
        Map<String, Map<String, String>> out = new java.util.HashMap<>();
        for (String item : spec.split(",")) {
            if (item.isBlank()) continue;
            String[] kv = item.trim().split("=");
            String[] tc = kv[0].trim().split("\\.");
            if (kv.length != 2 || tc.length != 2 || kv[1].isBlank()) {
                throw new IllegalArgumentException("'" + item.trim() + "' is not table.source_column=contract_field");
            }
            out.computeIfAbsent(tc[0], t -> new java.util.HashMap<>()).put(kv[1].trim(), tc[1]);
        }
        return out;
    }

    public Converted convert(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope)) {
            throw new ContractViolation("change record without a value struct on " + record.topic());
        }
        Struct source = envelope.getStruct("source");
        String table = source.getString("table");
        ChangeTopic topic = ChangeTopic.forTable(table)
                .orElseThrow(() -> new ContractViolation("no contract for table '" + table + "'"));

        Schema schema = topic.valueSchema();
        GenericRecord value = new GenericData.Record(schema);
        value.put("op", new GenericData.EnumSymbol(schema.getField("op").schema(), operation(envelope.getString("op"))));
        value.put("before", row(topic, envelope.getStruct("before"), "before"));
        value.put("after", row(topic, envelope.getStruct("after"), "after"));
        value.put("source", position(schema.getField("source").schema(), source, table, envelope));
        return new Converted(topic, key(topic, record), encode(topic, value));
    }

    private byte[] encode(ChangeTopic topic, GenericRecord value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            encoders.get(topic).encode(value, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new ContractViolation("cannot encode " + topic.table() + " change: " + e.getMessage());
        }
    }

    private static String operation(String op) {
        return switch (op) {
            case "c" -> "CREATE";
            case "u" -> "UPDATE";
            case "d" -> "DELETE";
            case "r" -> "READ";
            default -> throw new ContractViolation("unsupported operation '" + op + "'");
        };
    }

    /** Key: the primary key values joined with '|', in the contract's key column order. */
    private static byte[] key(ChangeTopic topic, SourceRecord record) {
        if (!(record.key() instanceof Struct key)) throw new ContractViolation("table " + topic.table() + " change without a primary key");
        StringBuilder b = new StringBuilder();
        for (String column : topic.keyColumns()) {
            if (b.length() > 0) b.append('|');
            Object v = key.schema().field(column) == null ? null : key.get(column);
            if (v == null) throw new ContractViolation("key column '" + column + "' of " + topic.table() + " is missing");
            b.append(v);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static GenericRecord position(Schema schema, Struct source, String table, Struct envelope) {
        GenericRecord p = new GenericData.Record(schema);
        Object lsn = source.get("lsn");
        if (!(lsn instanceof Long)) throw new ContractViolation("change of " + table + " without an LSN");
        p.put("lsn", lsn);
        p.put("tx_id", source.get("txId"));
        p.put("commit_time_ms", source.getInt64("ts_ms"));
        Object snapshot = source.get("snapshot");
        p.put("snapshot", snapshot != null && !"false".equals(snapshot.toString()));
        p.put("table", table);
        Object capturedAt = envelope.get("ts_ms");
        p.put("captured_at_ms", capturedAt instanceof Long l ? l : System.currentTimeMillis());
        return p;
    }

    private GenericRecord row(ChangeTopic topic, Struct struct, String side) {
        if (struct == null) return null;
        Schema rowSchema = topic.rowSchema();
        GenericRecord row = new GenericData.Record(rowSchema);
        for (Schema.Field f : rowSchema.getFields()) {
            Field column = column(topic, struct, f);
            if (column == null) {
                throw new ContractViolation("column '" + f.name() + "' of " + topic.table() + " is missing from the captured row (" + side + ")");
            }
            row.put(f.pos(), value(topic, f, struct.get(column)));
        }
        return row;
    }

    /** The source column of a contract field: by name, else by one of the contract's aliases, else by a configured alias. */
    private Field column(ChangeTopic topic, Struct struct, Schema.Field f) {
        Field column = struct.schema().field(f.name());
        if (column != null) return column;
        for (String alias : f.aliases()) {
            column = struct.schema().field(alias);
            if (column != null) return column;
        }
        String configured = columnAliases.getOrDefault(topic.table(), Map.of()).get(f.name());
        return configured == null ? null : struct.schema().field(configured);
    }

    private static Object value(ChangeTopic topic, Schema.Field field, Object v) {
        Schema s = field.schema();
        boolean nullable = s.isUnion();
        if (nullable) s = s.getTypes().get(1);
        if (v == null) {
            if (nullable) return null;
            throw new ContractViolation("column '" + field.name() + "' of " + topic.table() + " is null but the contract requires a value");
        }
        try {
            LogicalType logical = s.getLogicalType();
            if (logical instanceof LogicalTypes.Decimal d) {
                BigDecimal exact = ((BigDecimal) v).setScale(d.getScale(), RoundingMode.UNNECESSARY);
                if (exact.precision() > d.getPrecision()) throw new ArithmeticException("precision above " + d.getPrecision());
                return DECIMAL.toBytes(exact, s, logical);
            }
            if (logical instanceof LogicalTypes.TimestampMicros) {
                Instant i = v instanceof String text ? OffsetDateTime.parse(text).toInstant()
                        : v instanceof java.util.Date date ? date.toInstant() : Instant.EPOCH.plusNanos(((Number) v).longValue() * 1000);
                return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
            }
            return switch (s.getType()) {
                case LONG -> ((Number) v).longValue();
                case INT -> ((Number) v).intValue();
                case STRING -> v.toString();
                case BOOLEAN -> (Boolean) v;
                case BYTES -> v instanceof byte[] b ? ByteBuffer.wrap(b) : (ByteBuffer) v;
                default -> throw new ContractViolation("unsupported contract type " + s);
            };
        } catch (ContractViolation e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContractViolation("column '" + field.name() + "' of " + topic.table() + " value '" + v + "' ("
                    + v.getClass().getSimpleName() + ") does not fit contract type " + s + ": " + e.getMessage());
        }
    }
}
