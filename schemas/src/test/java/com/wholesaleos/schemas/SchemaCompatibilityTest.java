package com.wholesaleos.schemas;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** A contract change must let today's readers read what every released version wrote. */
class SchemaCompatibilityTest {

    private static Map<String, Schema> current() {
        Map<String, Schema> byName = new HashMap<>();
        for (ChangeTopic t : ChangeTopic.values()) byName.put(t.valueSchema().getFullName(), t.valueSchema());
        for (PlatformTopic t : PlatformTopic.values()) byName.put(t.valueSchema().getFullName(), t.valueSchema());
        // Contracts carried inside another record (a dead letter's payload) evolve under the same rule.
        byName.put(com.wholesaleos.schemas.dlq.LateGmvEntry.getClassSchema().getFullName(), com.wholesaleos.schemas.dlq.LateGmvEntry.getClassSchema());
        // ... and an item of the recommendation lists.
        byName.put(com.wholesaleos.schemas.reco.FeedItem.getClassSchema().getFullName(), com.wholesaleos.schemas.reco.FeedItem.getClassSchema());
        // Retired with its topic (wos.reco.feeds), still readable: records written with it may sit on a kept topic.
        byName.put(com.wholesaleos.schemas.reco.RetailerFeed.getClassSchema().getFullName(), com.wholesaleos.schemas.reco.RetailerFeed.getClassSchema());
        return byName;
    }

    @Test
    void everyTopicSchemaIsBackwardCompatibleWithEveryReleasedVersion() {
        Map<String, Schema> current = current();
        for (String version : ReleasedSchemas.VERSIONS) {
            for (Schema released : ReleasedSchemas.version(version)) {
                if (released.getType() != Schema.Type.RECORD || !current.containsKey(released.getFullName())) {
                    assertTrue(released.getType() != Schema.Type.RECORD || released.getFullName().endsWith("SourcePosition"),
                            "released topic schema " + released.getFullName() + " (" + version + ") was removed");
                    continue;
                }
                var result = SchemaCompatibility.checkReaderWriterCompatibility(current.get(released.getFullName()), released);
                assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(),
                        released.getFullName() + " is not backward compatible with " + version + ": " + result.getResult().getIncompatibilities());
            }
        }
    }

    @Test
    void anIncompatibleChangeIsCaught() {
        Schema released = ReleasedSchemas.version("v1").stream()
                .filter(s -> s.getFullName().endsWith(".OrderChange")).findFirst().orElseThrow();
        // A new required field without a default cannot be filled from old records.
        String broken = released.toString().replace("{\"name\":\"retailer_segment\",\"type\":\"string\"}",
                "{\"name\":\"retailer_segment\",\"type\":\"string\"},{\"name\":\"channel\",\"type\":\"string\"}");
        assertNotEquals(released.toString(), broken);
        Schema reader = new Schema.Parser().parse(broken);
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(reader, released).getType());
    }

    @Test
    void everyCapturedTableHasATopic() {
        assertEquals("wos.cdc.orders", ChangeTopic.ORDERS.topic());
        assertEquals("Order", ChangeTopic.ORDERS.rowSchema().getName());
        assertEquals(15, ChangeTopic.values().length);
    }
}
