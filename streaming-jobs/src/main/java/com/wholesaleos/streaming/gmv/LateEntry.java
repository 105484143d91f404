package com.wholesaleos.streaming.gmv;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A GMV entry that arrived after its window closed (beyond the allowed lateness), as the dead letter carries it:
 * enough for {@code wos dlq replay} to add it to the window's last published value, which no job writes any more.
 * The payload is JSON, so the replay (another module, another classpath) reads it without this class.
 */
public record LateEntry(String window, String key, GmvEntry entry) {
    /** The dead letter's error class that marks this payload. */
    public static final String TYPE = "gmv.late-entry";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static LateEntry of(GmvWindow window, String key, GmvEntry e) { return new LateEntry(window.name(), key, e); }

    public byte[] toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("window", window).put("key", key).put("event_time_ms", entry.eventTimeMs).put("region_id", entry.regionId)
                .put("category_id", entry.categoryId).put("segment", entry.segment).put("currency", entry.currency)
                .put("amount", entry.amount.toPlainString()).put("trigger_commit_time_ms", entry.triggerCommitTimeMs);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
