package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wholesaleos.platform.topics.AvroJson;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.avro.Conversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a topic's records decoded (key and value), following new ones until Ctrl-C or --max.")
final class TailCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "TOPIC", description = "e.g. wos.cdc.orders, wos.gmv.day, wos.dlq") String topic;
    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the newest.") boolean fromBeginning;
    @Option(names = "--json", description = "One JSON object per line: topic, partition, offset, timestamp, key, value.") boolean json;
    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.") Long max;

    @Override
    public Integer call() throws Exception {
        var contract = Topics.named(topic).orElseThrow(() -> new IllegalArgumentException("unknown topic '" + topic + "'; the platform's topics: "
                + Topics.all().stream().map(Topics.Topic::name).collect(Collectors.joining(", "))));
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        var decoder = new BinaryMessageDecoder<GenericRecord>(model, contract.valueSchema(), ReleasedSchemas.store());
        ObjectMapper mapper = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.client().kafkaBootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long printed = 0;
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) consumer.seekToBeginning(partitions); else consumer.seekToEnd(partitions);
            while (max == null || printed < max) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                    ObjectNode line = mapper.createObjectNode();
                    line.put("topic", r.topic()).put("partition", r.partition()).put("offset", r.offset())
                            .put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString()).put("key", key);
                    try {
                        line.set("value", AvroJson.of(decoder.decode(r.value())));
                    } catch (Exception e) {
                        line.put("error", "cannot decode: " + e.getMessage());
                    }
                    out.println(json ? mapper.writeValueAsString(line)
                            : r.partition() + "-" + r.offset() + " " + line.get("timestamp").asText() + " key=" + key + " "
                                    + (line.has("value") ? mapper.writeValueAsString(line.get("value")) : line.get("error").asText()));
                    out.flush();
                    if (max != null && ++printed >= max) break;
                }
            }
        }
        return 0;
    }
}
