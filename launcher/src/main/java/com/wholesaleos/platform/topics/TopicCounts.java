package com.wholesaleos.platform.topics;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.PlatformTopic;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/** Record counts of topics from their end offsets (topics here are never truncated by retention). */
public final class TopicCounts implements AutoCloseable {
    private final Admin admin;

    public TopicCounts(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(p);
    }

    public long records(List<String> topics) throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
    }

    public long changeEvents() throws Exception {
        return records(Arrays.stream(ChangeTopic.values()).map(ChangeTopic::topic).toList());
    }

    public long deadLetters() throws Exception {
        return records(List.of(PlatformTopic.DEAD_LETTER.topic()));
    }

    @Override
    public void close() { admin.close(); }
}
