package com.wholesaleos.platform.devtools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The demo's and evaluations' JSON: built as Jackson trees, in the field order scripts have read so far. */
public final class DemoJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private DemoJson() {}

    public static ObjectNode object() { return MAPPER.createObjectNode(); }

    /** A ratio as a number with {@code places} decimals (what a reader compares), not a binary fraction's 17 digits. */
    public static double round(double value, int places) {
        if (Double.isInfinite(value) || Double.isNaN(value)) return value;
        return java.math.BigDecimal.valueOf(value).setScale(places, java.math.RoundingMode.HALF_UP).doubleValue();
    }
}
