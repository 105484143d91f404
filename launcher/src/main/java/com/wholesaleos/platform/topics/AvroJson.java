package com.wholesaleos.platform.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/** A decoded Avro record as JSON: decimals as exact strings (never floating point), bytes as base64, enums and strings as text. */
public final class AvroJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AvroJson() {}

    public static JsonNode of(Object v) {
        if (v == null) return JSON.nullNode();
        if (v instanceof GenericRecord r) {
            ObjectNode o = JSON.objectNode();
            r.getSchema().getFields().forEach(f -> o.set(f.name(), of(r.get(f.pos()))));
            return o;
        }
        if (v instanceof BigDecimal d) return JSON.textNode(d.toPlainString());
        if (v instanceof ByteBuffer b) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            return JSON.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (v instanceof Long l) return JSON.numberNode(l);
        if (v instanceof Integer i) return JSON.numberNode(i);
        if (v instanceof Boolean b) return JSON.booleanNode(b);
        if (v instanceof Double || v instanceof Float) return JSON.numberNode(((Number) v).doubleValue());
        if (v instanceof Collection<?> c) {
            ArrayNode a = JSON.arrayNode();
            c.forEach(x -> a.add(of(x)));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = JSON.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), of(x)));
            return o;
        }
        return JSON.textNode(v.toString()); // strings (Utf8), enum symbols
    }
}
