package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.streaming.fraud.control.RuleBookFunction;
import com.wholesaleos.streaming.fraud.control.RuleChange;
import com.wholesaleos.streaming.fraud.control.RuleChangeDeserializer;
import com.wholesaleos.streaming.cdc.ChangeFacts;
import com.wholesaleos.streaming.cdc.RejectedRecord;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import com.wholesaleos.streaming.fraud.facts.FraudInputs;
import com.wholesaleos.streaming.runtime.StageEnvironment;
import com.wholesaleos.streaming.sink.DeadLetterSerializer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fraud signals: the marketplace's change streams → keyed steps that each hold one kind of entity (product, order,
 * retailer, segment, category, identifier, the referral graph) and judge the rules that need it → one alert per rule
 * and entity, published as upserts on wos.fraud.alerts within a second of the commit that raised it.
 *
 * <p>Exactly-once in effect: state and source offsets are checkpointed together and every source row is applied once
 * (duplicates dropped by LSN); alerts are written at least once, keyed by alert id, and a re-published alert carries
 * the same evidence, so the risk desk, which applies them by alert id, never opens a duplicate.
 */
public final class FraudSignalsJob {
    private static final Logger LOG = LoggerFactory.getLogger(FraudSignalsJob.class);
    public static final StageDeclaration DECLARATION = WosStages.FRAUD_SIGNALS;
    public static final String STAGE = DECLARATION.name();
    static final OutputTag<RejectedRecord> UNDECODABLE = new OutputTag<>("undecodable", TypeInformation.of(RejectedRecord.class));

    /** What the job produces; sinks are attached by the caller, so a test can plug in its own. */
    public record Outputs(DataStream<RaisedSignal> alerts, DataStream<RejectedRecord> rejected) {}

    private FraudSignalsJob() {}

    public static WatermarkStrategy<FraudFact> watermarks(WosConfig config) {
        return WatermarkStrategy.<FraudFact>forBoundedOutOfOrderness(Duration.ofMillis(config.get(WosSettings.GMV_OUT_OF_ORDERNESS_MS)))
                .withTimestampAssigner((f, previous) -> f.atMs)
                .withIdleness(Duration.ofMillis(config.get(WosSettings.GMV_IDLE_MS)));
    }

    /**
     * The job's logic, from decoded facts and rule updates to alerts and rejects.
     *
     * @param rules          the rule book configured (version 1 of each rule), with {@code ruleSettings} its settings
     * @param ruleChanges    updates from the control topic, applied while the job runs
     */
    public static Outputs build(DataStream<FraudFact> facts, DataStream<RuleChange> ruleChanges, RuleBook rules, Map<String, String> ruleSettings,
                                long ttlMs) {
        SingleOutputStreamOperator<RuleBook> books = ruleChanges.keyBy(c -> 0, TypeInformation.of(Integer.class))
                .process(new RuleBookFunction(STAGE, rules, ruleSettings)).setParallelism(1).name("rule-book");
        BroadcastStream<RuleBook> book = books.broadcast(FraudOperator.RULE_BOOK);

        SingleOutputStreamOperator<FraudFact> decoded = facts.process(new ProcessFunction<FraudFact, FraudFact>() {
            @Override
            public void processElement(FraudFact f, Context ctx, Collector<FraudFact> out) {
                if (FraudFact.REJECTED.equals(f.kind)) ctx.output(UNDECODABLE, f.undecodable(STAGE));
                else out.collect(f);
            }
        }).name("split-undecodable");

        SingleOutputStreamOperator<FraudFact> lines = only(decoded, FraudFact.PRODUCT, FraudFact.ITEM)
                .keyBy(f -> f.productId, TypeInformation.of(Long.class))
                .connect(book).process(new ProductFunction(rules, ttlMs)).name("products");

        SingleOutputStreamOperator<FraudFact> orders = only(decoded, FraudFact.ORDER, FraudFact.PAYMENT, FraudFact.REFUND).union(lines)
                .keyBy(f -> f.orderId, TypeInformation.of(Long.class))
                .connect(book).process(new OrderContextFunction(rules, ttlMs)).name("orders");

        SingleOutputStreamOperator<FraudFact> retailers = only(decoded, FraudFact.RETAILER, FraudFact.REFERRAL)
                .union(only(orders, FraudFact.ORDER_PLACED, FraudFact.PAYMENT, FraudFact.ORDER_STATUS))
                .keyBy(f -> FraudFact.REFERRAL.equals(f.kind) ? f.refereeId : f.retailerId, TypeInformation.of(Long.class))
                .connect(book).process(new RetailerFunction(rules, ttlMs)).name("retailers");

        SingleOutputStreamOperator<FraudFact> segments = only(orders, FraudFact.ORDER_STATUS, FraudFact.REFUND)
                .keyBy(f -> f.segment, TypeInformation.of(String.class))
                .connect(book).process(new SegmentFunction(rules, ttlMs)).name("segments");

        SingleOutputStreamOperator<FraudFact> categories = only(retailers, FraudFact.ORDER_PLACED)
                .keyBy(f -> f.categoryId, TypeInformation.of(Long.class))
                .connect(book).process(new CategoryFunction(rules, ttlMs)).name("categories");

        DataStream<FraudFact> instrumentPayments = only(orders, FraudFact.PAYMENT).map(p -> {
            FraudFact f = p.copy();
            f.attrKind = "instrument";
            f.attrValue = p.instrument;
            return f;
        }).returns(FraudFact.class).name("payments-by-instrument");
        DataStream<FraudFact> sellerIdentifiers = only(decoded, FraudFact.MANUFACTURER).flatMap((FraudFact m, Collector<FraudFact> out) -> {
            for (String[] id : new String[][] {{"device", m.device}, {"instrument", m.instrument}}) {
                if (id[1] == null || id[1].isBlank()) continue;
                FraudFact f = m.derive(FraudFact.MANUFACTURER_ATTRIBUTE);
                f.manufacturerId = m.manufacturerId;
                f.attrKind = id[0];
                f.attrValue = id[1];
                out.collect(f);
            }
        }).returns(FraudFact.class).name("seller-identifiers");
        SingleOutputStreamOperator<FraudFact> identifiers = only(retailers, FraudFact.ATTRIBUTE_SEEN, FraudFact.REFERRAL_ATTRIBUTE, FraudFact.PURCHASE)
                .union(instrumentPayments, sellerIdentifiers)
                .keyBy(f -> f.attrKind + "|" + f.attrValue, TypeInformation.of(String.class))
                .connect(book).process(new IdentifierFunction(rules, ttlMs)).name("identifiers");

        SingleOutputStreamOperator<FraudFact> graph = only(decoded, FraudFact.REFERRAL)
                .keyBy(f -> 0L, TypeInformation.of(Long.class))
                .connect(book).process(new ReferralGraphFunction(rules, ttlMs)).name("referral-graph");

        DataStream<RaisedSignal> signals = lines.getSideOutput(FraudOperator.SIGNALS)
                .union(retailers.getSideOutput(FraudOperator.SIGNALS), segments.getSideOutput(FraudOperator.SIGNALS),
                        categories.getSideOutput(FraudOperator.SIGNALS), identifiers.getSideOutput(FraudOperator.SIGNALS),
                        graph.getSideOutput(FraudOperator.SIGNALS));
        DataStream<RaisedSignal> alerts = signals.keyBy(s -> s.signal().alertId(), TypeInformation.of(String.class))
                .process(new AlertFunction(ttlMs)).name("alerts");

        DataStream<RejectedRecord> rejected = decoded.getSideOutput(UNDECODABLE).union(books.getSideOutput(RuleBookFunction.REJECTED))
                .union(lines.getSideOutput(FraudOperator.FAILED), orders.getSideOutput(FraudOperator.FAILED),
                        retailers.getSideOutput(FraudOperator.FAILED), segments.getSideOutput(FraudOperator.FAILED),
                        categories.getSideOutput(FraudOperator.FAILED), identifiers.getSideOutput(FraudOperator.FAILED),
                        graph.getSideOutput(FraudOperator.FAILED));
        return new Outputs(alerts, rejected);
    }

    private static DataStream<FraudFact> only(DataStream<FraudFact> in, String... kinds) {
        Set<String> wanted = Set.of(kinds);
        return in.filter(f -> wanted.contains(f.kind)).name("only-" + String.join("-", kinds).toLowerCase());
    }

    public static KafkaSource<FraudFact> source(WosConfig config) {
        ChangeFacts<FraudFact> changes = FraudInputs.changes();
        return KafkaSource.<FraudFact>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(changes.topicNames())
                .setGroupId(DECLARATION.consumerGroup())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(changes)
                .setProperty("client.id.prefix", DECLARATION.consumerGroup())
                .build();
    }

    /** Rule updates: always the whole history from the beginning unless restored from a checkpoint, so the book is rebuilt exactly. */
    public static KafkaSource<RuleChange> ruleSource(WosConfig config) {
        return KafkaSource.<RuleChange>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(PlatformTopic.FRAUD_RULES.topic())
                .setGroupId(DECLARATION.consumerGroup())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RuleChangeDeserializer())
                .setProperty("client.id.prefix", DECLARATION.consumerGroup() + "-rules")
                .build();
    }

    /** The fraud settings the configured rule book was made from. */
    public static Map<String, String> ruleSettings(WosConfig config) { return config.values("fraud."); }

    public static void run(WosConfig config) throws Exception {
        StageEnvironment.Prepared prepared = StageEnvironment.prepare(config, DECLARATION, config.get(WosSettings.FRAUD_CHECKPOINT_MS),
                config.get(WosSettings.FRAUD_PARALLELISM), conf -> { });
        StreamExecutionEnvironment env = prepared.env();
        DataStream<FraudFact> facts = env.fromSource(source(config), watermarks(config), "cdc-fraud-facts");
        DataStream<RuleChange> ruleChanges = env.fromSource(ruleSource(config), WatermarkStrategy.noWatermarks(), "fraud-rule-updates");
        Outputs out = build(facts, ruleChanges, RuleBook.from(config), ruleSettings(config), config.get(WosSettings.FRAUD_STATE_TTL_MS));
        out.alerts().sinkTo(KafkaSink.<RaisedSignal>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setRecordSerializer(new FraudAlertSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(StageEnvironment.producerProperties(config))
                .build()).name("fraud-alerts");
        out.rejected().sinkTo(KafkaSink.<RejectedRecord>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setRecordSerializer(new DeadLetterSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build()).name("dead-letters");
        LOG.info("Starting fraud signals job from {} on the {} state backend", prepared.startedFrom(), prepared.stateBackend());
        env.execute(STAGE);
    }

    /** Entry point of the fraud JVM: {@code --config <resolved.properties>}. */
    public static void main(String[] args) throws Exception {
        run(StageLaunch.configuration(args, "FraudSignalsJob"));
    }
}
