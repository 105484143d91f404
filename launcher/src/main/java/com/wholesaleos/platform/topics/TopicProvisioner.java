package com.wholesaleos.platform.topics;

import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.PlatformTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates every topic of the contract with its settings, if missing: change topics, GMV upserts (compacted), dead letters. */
public final class TopicProvisioner {
    private TopicProvisioner() {}

    public static List<String> ensureTopics(String bootstrap, int partitions, short replication) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> wanted = new ArrayList<>();
            for (ChangeTopic t : ChangeTopic.values()) wanted.add(new NewTopic(t.topic(), partitions, replication).configs(t.configs()));
            for (PlatformTopic t : PlatformTopic.values()) wanted.add(new NewTopic(t.topic(), partitions, replication).configs(t.configs()));
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            return missing.stream().map(NewTopic::name).toList();
        }
    }
}
