package com.wholesaleos.platform.cli;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.topics.TopicReader;
import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.fraud.FraudRuleUpdate;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** wos risk rules [set]: the fraud rules' versions, and a new version published to the running job. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Fraud rule versions in force (version 1 is the configured settings; later ones came from wos.fraud.rules), with --history every change.",
        subcommands = RiskRulesCommand.Set.class)
final class RiskRulesCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--history", description = "Every version published, oldest first.") boolean history;
    @Option(names = "--json", description = "JSON for scripts.") boolean json;

    /** Every update on the control topic, oldest first. */
    static List<FraudRuleUpdate> published(WosConfig config) {
        BinaryMessageDecoder<FraudRuleUpdate> decoder = FraudRuleUpdate.createDecoder(ReleasedSchemas.store());
        List<FraudRuleUpdate> out = new ArrayList<>();
        TopicReader.readAll(config.kafkaBootstrap(), PlatformTopic.FRAUD_RULES.topic(), (id, r) -> {
            try {
                out.add(decoder.decode(r.value()));
            } catch (Exception e) {
                // not a valid update: the job dead-letters it, and it never ran
            }
        });
        return out;
    }

    /** One rule as the job holds it after replaying the updates: its version and the settings that differ from the configured ones. */
    record Running(int version, Map<String, String> settings) {}

    /**
     * Replays the updates as the fraud job does (a known rule, a version above the running one, its own settings, values
     * that parse); an update the job would reject changes nothing here either.
     */
    static Map<String, Running> running(List<FraudRuleUpdate> updates, WosConfig config) {
        RuleBook book = RuleBook.from(config);
        Map<String, String> settings = new HashMap<>(config.values("fraud."));
        Map<String, Map<String, String>> changed = new TreeMap<>();
        for (FraudRuleUpdate u : updates) {
            try {
                book = book.apply(u.getRule(), u.getVersion(), u.getSettings(), settings);
            } catch (RuntimeException rejected) {
                continue; // the job rejects it too and keeps the running version
            }
            settings.putAll(u.getSettings());
            changed.computeIfAbsent(u.getRule(), rule -> new TreeMap<>()).putAll(u.getSettings());
        }
        Map<String, Running> r = new TreeMap<>();
        for (String rule : WosSettings.FRAUD_RULE_SETTINGS.keySet()) r.put(rule, new Running(book.version(rule), changed.getOrDefault(rule, Map.of())));
        return r;
    }

    @Override
    public Integer call() throws Exception {
        WosConfig config = options.client();
        List<FraudRuleUpdate> updates = published(config);
        Map<String, Running> running = running(updates, config);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            Map<String, Integer> versions = new TreeMap<>();
            running.forEach((rule, run) -> versions.put(rule, run.version()));
            doc.put("versions", versions);
            if (history) doc.put("history", updates.stream().map(u -> Map.of("rule", u.getRule(), "version", u.getVersion(), "settings", u.getSettings(),
                    "changed_by", u.getChangedBy(), "note", u.getNote(), "at", Instant.ofEpochMilli(u.getAtMs()).toString())).toList());
            out.println(RiskAlertCommands.JSON.writeValueAsString(doc));
        } else {
            out.printf("%-17s %-8s %s%n", "RULE", "VERSION", "SETTINGS");
            running.forEach((rule, run) -> out.printf("%-17s %-8d %s%n", rule, run.version(),
                    config.with(run.settings()).values(WosSettings.FRAUD_RULE_SETTINGS.get(rule))));
            if (history) {
                out.println("history");
                for (FraudRuleUpdate u : updates) {
                    out.printf("  %s  %-17s v%-3d %-10s %s  (%s)%n", Instant.ofEpochMilli(u.getAtMs()), u.getRule(), u.getVersion(), u.getChangedBy(),
                            u.getSettings(), u.getNote());
                }
            }
        }
        out.flush();
        return 0;
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Publish a new version of one rule's thresholds; the running fraud job applies it without a restart.")
    static final class Set implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "RULE", description = "card-testing, account-farm, referral-abuse, refund-abuse, order-velocity, amount-anomaly, seller-collusion.")
        String rule;
        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Settings of the rule, e.g. fraud.card-testing.failures=4.")
        List<String> assignments;
        @Option(names = "--by", paramLabel = "NAME", description = "Who changes it (default: the user running wos).") String by = System.getProperty("user.name");
        @Option(names = "--note", paramLabel = "TEXT", required = true, description = "Why.") String note;

        @Override
        public Integer call() throws Exception {
            String prefix = WosSettings.FRAUD_RULE_SETTINGS.get(rule);
            if (prefix == null) throw new IllegalArgumentException("unknown rule '" + rule + "'; expected one of " + new java.util.TreeSet<>(WosSettings.FRAUD_RULE_SETTINGS.keySet()));
            Map<String, String> settings = new TreeMap<>();
            for (String a : assignments) {
                int eq = a.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("'" + a + "' is not KEY=VALUE");
                String key = a.substring(0, eq);
                if (!key.startsWith(prefix)) throw new IllegalArgumentException("setting '" + key + "' is not a threshold of " + rule + " (" + prefix + "*)");
                settings.put(key, a.substring(eq + 1));
            }
            WosConfig config = options.client();
            List<FraudRuleUpdate> updates = published(config);
            Running now = running(updates, config).get(rule);
            Map<String, String> next = new TreeMap<>(now.settings());
            next.putAll(settings);
            config.with(next); // fails fast naming a bad key or value, before anything is published
            // Above every version published for the rule, rejected ones included, so each version names one change.
            int version = Math.max(now.version(),
                    updates.stream().filter(u -> u.getRule().equals(rule)).mapToInt(FraudRuleUpdate::getVersion).max().orElse(1)) + 1;
            FraudRuleUpdate update = FraudRuleUpdate.newBuilder().setRule(rule).setVersion(version).setSettings(new TreeMap<>(settings))
                    .setChangedBy(by).setNote(note).setAtMs(System.currentTimeMillis()).build();
            Properties p = new Properties();
            p.put("bootstrap.servers", config.kafkaBootstrap());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                ByteBuffer b = update.toByteBuffer();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                producer.send(new ProducerRecord<>(PlatformTopic.FRAUD_RULES.topic(), rule.getBytes(StandardCharsets.UTF_8), bytes)).get();
            }
            spec.commandLine().getOut().println(rule + " version " + version + " published: " + settings + " (by " + by + ", \"" + note + "\")");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
