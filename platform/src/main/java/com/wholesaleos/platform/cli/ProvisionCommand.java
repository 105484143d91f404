package com.wholesaleos.platform.cli;

import com.wholesaleos.platform.launcher.Platform;
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
        Platform.provision(options.load(), System.out::println);
        return 0;
    }
}
