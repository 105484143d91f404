package com.wholesaleos.ingestion;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.cdc.Operation;
import com.wholesaleos.schemas.cdc.OrderItemChange;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Debezium-shaped Connect records in, contract Avro out; whatever does not fit is a ContractViolation with a reason. */
class ChangeEventConverterTest {
    static final Schema ROW = SchemaBuilder.struct().name("order_items.Value")
            .field("order_id", Schema.INT64_SCHEMA).field("line_no", Schema.INT32_SCHEMA).field("product_id", Schema.INT64_SCHEMA)
            .field("category_id", Schema.INT64_SCHEMA).field("quantity", Schema.INT32_SCHEMA)
            .field("unit_price", Decimal.builder(2).optional().build()).field("line_total", Decimal.builder(2).optional().build()) // optional, as after DROP NOT NULL in the source
            .field("created_at", Schema.STRING_SCHEMA) // timestamptz, as Debezium's ZonedTimestamp text
            .optional().build();
    static final Schema SOURCE = SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA).field("snapshot", Schema.OPTIONAL_STRING_SCHEMA).build();
    static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW).field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    static final Schema KEY = SchemaBuilder.struct().field("order_id", Schema.INT64_SCHEMA).field("line_no", Schema.INT32_SCHEMA).build();

    final ChangeEventConverter converter = new ChangeEventConverter();

    static SourceRecord record(String table, BigDecimal unitPrice, BigDecimal lineTotal) {
        Struct row = new Struct(ROW).put("order_id", 7L).put("line_no", 2).put("product_id", 11L).put("category_id", 3L)
                .put("quantity", 4).put("unit_price", unitPrice).put("line_total", lineTotal).put("created_at", "2023-11-14T22:13:20.123Z");
        Struct source = new Struct(SOURCE).put("table", table).put("lsn", 123456L).put("txId", 900L).put("ts_ms", 1_700_000_000_123L)
                .put("snapshot", "false");
        Struct value = new Struct(ENVELOPE).put("after", row).put("source", source).put("op", "c").put("ts_ms", 1_700_000_000_150L);
        Struct key = new Struct(KEY).put("order_id", 7L).put("line_no", 2);
        return new SourceRecord(Map.of(), Map.of(), "wos.public." + table, KEY, key, ENVELOPE, value);
    }

    @Test
    void convertsToTheContractWithExactMoneyAndTheSourcePosition() throws Exception {
        var c = converter.convert(record("order_items", new BigDecimal("12.50"), new BigDecimal("50.00")));
        assertEquals(ChangeTopic.ORDER_ITEMS, c.topic());
        assertEquals("7|2", new String(c.key(), StandardCharsets.UTF_8));
        OrderItemChange decoded = OrderItemChange.createDecoder(ReleasedSchemas.store()).decode(c.value());
        assertEquals(Operation.CREATE, decoded.getOp());
        assertNull(decoded.getBefore());
        assertEquals(new BigDecimal("50.00"), decoded.getAfter().getLineTotal());
        assertEquals(123456L, decoded.getSource().getLsn());
        assertEquals(1_700_000_000_123L, decoded.getSource().getCommitTimeMs());
        assertFalse(decoded.getSource().getSnapshot());
    }

    @Test
    void aNullWhereTheContractRequiresAValueIsAViolationNamingTheColumn() {
        var e = assertThrows(ContractViolation.class, () -> converter.convert(record("order_items", new BigDecimal("1.00"), null)));
        assertTrue(e.getMessage().contains("column 'line_total' of order_items is null"), e.getMessage());
    }

    @Test
    void moneyIsNeverRoundedToFitTheContract() {
        var e = assertThrows(ContractViolation.class,
                () -> converter.convert(record("order_items", new BigDecimal("1.005"), new BigDecimal("4.02"))));
        assertTrue(e.getMessage().contains("unit_price"), e.getMessage());
    }

    @Test
    void aTableWithoutAContractIsAViolation() {
        var e = assertThrows(ContractViolation.class, () -> converter.convert(record("wishlists", new BigDecimal("1.00"), new BigDecimal("1.00"))));
        assertTrue(e.getMessage().contains("no contract for table 'wishlists'"), e.getMessage());
    }

    @Test
    void deadLettersKeepTheReasonThePositionAndTheRawChange() throws Exception {
        SourceRecord r = record("wishlists", new BigDecimal("1.00"), new BigDecimal("1.00"));
        var letter = com.wholesaleos.schemas.dlq.DeadLetter.getDecoder().decode(DeadLetters.of(r, new ContractViolation("why")).value());
        assertEquals("ingestion", letter.getStage());
        assertEquals("why", letter.getReason());
        assertEquals("table=wishlists lsn=123456 txId=900", letter.getSourcePosition());
        assertEquals("wos.public.wishlists", letter.getSourceTopic());
        byte[] payload = new byte[letter.getPayload().remaining()];
        letter.getPayload().duplicate().get(payload);
        byte[] key = new byte[letter.getKey().remaining()];
        letter.getKey().duplicate().get(key);
        assertTrue(DeadLetters.replayable(payload));
        SourceRecord raw = DeadLetters.rawChange(letter.getSourceTopic(), key, payload);
        assertEquals(r.value(), raw.value(), "the raw change comes back exactly, decimals included");
        assertEquals(r.key(), raw.key());
    }

    @Test
    void aRenamedColumnFillsItsContractFieldThroughAConfiguredAlias() throws Exception {
        Schema renamedRow = SchemaBuilder.struct().name("order_items.Value")
                .field("order_id", Schema.INT64_SCHEMA).field("line_no", Schema.INT32_SCHEMA).field("product_id", Schema.INT64_SCHEMA)
                .field("category_id", Schema.INT64_SCHEMA).field("quantity", Schema.INT32_SCHEMA)
                .field("unit_price", Decimal.builder(2).build()).field("line_amount", Decimal.builder(2).build())
                .field("created_at", Schema.STRING_SCHEMA).optional().build();
        Schema envelope = SchemaBuilder.struct().field("before", renamedRow).field("after", renamedRow).field("source", SOURCE)
                .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        Struct row = new Struct(renamedRow).put("order_id", 7L).put("line_no", 2).put("product_id", 11L).put("category_id", 3L)
                .put("quantity", 4).put("unit_price", new BigDecimal("12.50")).put("line_amount", new BigDecimal("50.00"))
                .put("created_at", "2023-11-14T22:13:20.123Z");
        Struct source = new Struct(SOURCE).put("table", "order_items").put("lsn", 5L).put("txId", 9L).put("ts_ms", 1_700_000_000_123L);
        SourceRecord renamed = new SourceRecord(Map.of(), Map.of(), "wos.public.order_items", KEY, new Struct(KEY).put("order_id", 7L).put("line_no", 2),
                envelope, new Struct(envelope).put("after", row).put("source", source).put("op", "c"));

        var missing = assertThrows(ContractViolation.class, () -> converter.convert(renamed));
        assertTrue(missing.getMessage().contains("column 'line_total' of order_items is missing"), missing.getMessage());
        var aliased = new ChangeEventConverter(ChangeEventConverter.parseAliases("order_items.line_amount=line_total"));
        OrderItemChange decoded = OrderItemChange.createDecoder(ReleasedSchemas.store()).decode(aliased.convert(renamed).value());
        assertEquals(new BigDecimal("50.00"), decoded.getAfter().getLineTotal());
        assertEquals(5L, decoded.getSource().getLsn());
        assertThrows(IllegalArgumentException.class, () -> ChangeEventConverter.parseAliases("order_items=line_total"));
    }
}
