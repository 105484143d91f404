package com.wholesaleos.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/** Every topic of the platform, change topics and the platform's own, as one list: what a consumer needs to read any of them. */
public final class Topics {
    /** A topic: its name, the format of its key, its value contract, and its Kafka configuration. */
    public record Topic(String name, String keyFormat, Schema valueSchema, Map<String, String> configs) {}

    private Topics() {}

    public static List<Topic> all() {
        List<Topic> out = new ArrayList<>();
        for (ChangeTopic t : ChangeTopic.values()) out.add(new Topic(t.topic(), t.keyFormat(), t.valueSchema(), t.configs()));
        for (PlatformTopic t : PlatformTopic.values()) out.add(new Topic(t.topic(), t.keyFormat(), t.valueSchema(), t.configs()));
        return out;
    }

    public static Optional<Topic> named(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
