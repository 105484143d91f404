package com.wholesaleos.platform.cli;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.platform.kafka.TopicProvisioner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Against already running PostgreSQL and Kafka (e.g. docker-compose.yml): apply the schema migrations and create the topics, then exit.")
final class ProvisionCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        WosConfig config = options.load();
        int applied = MarketplaceDatabase.from(config).migrate();
        var created = TopicProvisioner.ensureTopics(config.kafkaBootstrap(), config.get(WosSettings.KAFKA_PARTITIONS),
                config.get(WosSettings.KAFKA_REPLICATION).shortValue());
        System.out.printf("migrations applied: %d; topics created: %s%n", applied, created.isEmpty() ? "none (all present)" : created);
        return 0;
    }
}
