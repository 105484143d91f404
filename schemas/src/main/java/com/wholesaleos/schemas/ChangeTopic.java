package com.wholesaleos.schemas;

import com.wholesaleos.schemas.cdc.*;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import org.apache.avro.Schema;

/** The change-event topic of each captured table: one topic per table, keyed by primary key. */
public enum ChangeTopic {
    REGIONS("regions", RegionChange.getClassSchema(), "id"),
    CATEGORIES("categories", CategoryChange.getClassSchema(), "id"),
    MANUFACTURERS("manufacturers", ManufacturerChange.getClassSchema(), "id"),
    RETAILERS("retailers", RetailerChange.getClassSchema(), "id"),
    DISTRIBUTORS("distributors", DistributorChange.getClassSchema(), "id"),
    DISTRIBUTOR_REGIONS("distributor_regions", DistributorRegionChange.getClassSchema(), "distributor_id", "region_id"),
    PRODUCTS("products", ProductChange.getClassSchema(), "id"),
    ORDERS("orders", OrderChange.getClassSchema(), "id"),
    ORDER_ITEMS("order_items", OrderItemChange.getClassSchema(), "order_id", "line_no"),
    ORDER_STATUS_HISTORY("order_status_history", OrderStatusChangeChange.getClassSchema(), "id"),
    PAYMENTS("payments", PaymentChange.getClassSchema(), "id"),
    REFUNDS("refunds", RefundChange.getClassSchema(), "id"),
    SHIPMENTS("shipments", ShipmentChange.getClassSchema(), "id"),
    REFERRALS("referrals", ReferralChange.getClassSchema(), "id"),
    REVIEWS("reviews", ReviewChange.getClassSchema(), "id");

    public static final String PREFIX = "wos.cdc.";

    private final String table;
    private final Schema valueSchema;
    private final List<String> keyColumns;

    ChangeTopic(String table, Schema valueSchema, String... keyColumns) {
        this.table = table;
        this.valueSchema = valueSchema;
        this.keyColumns = List.of(keyColumns);
    }

    public String table() { return table; }
    public String topic() { return PREFIX + table; }
    public Schema valueSchema() { return valueSchema; }
    /** The row record inside the envelope's {@code after} union. */
    public Schema rowSchema() { return valueSchema.getField("after").schema().getTypes().get(1); }
    public List<String> keyColumns() { return keyColumns; }

    /** The record key: the primary key's values as text, joined with '|' in this order. */
    public String keyFormat() { return "UTF-8 '" + String.join("|", keyColumns.stream().map(c -> "<" + c + ">").toList()) + "'"; }

    /** Change topics keep everything: the warehouse's bronze layer and replays read them from the beginning. */
    public Map<String, String> configs() { return Map.of("retention.ms", "-1"); }

    private static final Map<String, ChangeTopic> BY_TABLE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ChangeTopic::table, t -> t));

    /** Looked up once per captured change, hence the map. */
    public static Optional<ChangeTopic> forTable(String table) {
        return Optional.ofNullable(BY_TABLE.get(table));
    }

    public static Optional<ChangeTopic> forTopic(String topic) {
        return Arrays.stream(values()).filter(t -> t.topic().equals(topic)).findFirst();
    }
}
