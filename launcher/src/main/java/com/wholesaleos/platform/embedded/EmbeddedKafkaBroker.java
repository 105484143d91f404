package com.wholesaleos.platform.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/** A real single-node Kafka 4.2 broker in KRaft mode, in this JVM, with its log in the data directory. */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private final KafkaRaftServer server;
    private final String bootstrap;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
    }

    public static EmbeddedKafkaBroker start(Path logDir, String host, int port, int controllerPort) throws Exception {
        Files.createDirectories(logDir);
        Path idFile = logDir.resolve("wos-cluster.id");
        String clusterId = Files.exists(idFile) ? Files.readString(idFile).trim() : Uuid.randomUuid().toString();
        Files.writeString(idFile, clusterId);

        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.resolve("data").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Never delete by age: embedded data may be old, and losing it silently is the worst failure.
        p.put("log.retention.ms", "-1");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");

        new Formatter()
                .setClusterId(clusterId)
                .setNodeId(1)
                .setDirectories(List.of(logDir.resolve("data").toString()))
                .setMetadataLogDirectory(logDir.resolve("data").toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setIgnoreFormatted(true)
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        String bootstrap = host + ":" + port;
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
        return new EmbeddedKafkaBroker(server, bootstrap);
    }

    public String bootstrap() { return bootstrap; }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
