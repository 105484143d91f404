package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.streaming.cdc.ChangeFacts;
import com.wholesaleos.streaming.cdc.RejectedRecord;
import com.wholesaleos.recommend.CoPurchaseUpdate;
import com.wholesaleos.recommend.TimeDecay;
import com.wholesaleos.recommend.TrendDetector;
import com.wholesaleos.streaming.runtime.StageEnvironment;
import com.wholesaleos.streaming.sink.DeadLetterSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
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
 * Recommendations: order, line, product, retailer and manufacturer changes → baskets (by order) → purchase histories
 * (by retailer) → co-purchase figures (by product) and trend counts (by category and region) → also-bought and trending
 * lists on wos.reco.also-bought and wos.reco.trending; each history, as the retailer's profile, on wos.reco.profiles;
 * product and manufacturer statuses on wos.reco.catalog (all compacted upserts).
 *
 * <p>The job does not blend feeds: the Feed API blends a retailer's feed when it is asked for, from the profile and the
 * lists it looks up there. A feed depends on lists shared by thousands of retailers, so keeping every feed current in
 * the job meant recomputing every feed whenever any list changed (work that grew with the number of retailers, not with
 * orders); looked up at request time, a list change is one record and a feed costs a request.
 *
 * <p>Exactly-once in effect: state and offsets are checkpointed together, a basket counts once per order, and lists
 * are upserts by subject, so a restart republishes the same lists (the sink is at least once).
 */
public final class RecommendationsJob {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendationsJob.class);
    public static final StageDeclaration DECLARATION = WosStages.RECOMMENDATIONS;
    public static final String STAGE = DECLARATION.name();
    static final OutputTag<RejectedRecord> FAILED = new OutputTag<>("failed", TypeInformation.of(RejectedRecord.class));
    /** Baskets' join state (per order) is dropped this long after its last change. */
    static final long BASKET_TTL_MS = 7L * 86_400_000;

    /** The job's settings, read once from the configuration so the job itself needs nothing of the launcher. */
    public record Settings(TimeDecay decay, double minSupport, int historyProducts, TrendDetector.Windows trends, int listSize, long listIntervalMs)
            implements java.io.Serializable {
        public static Settings from(WosConfig c) {
            return new Settings(new TimeDecay(c.get(WosSettings.RECO_HALF_LIFE_DAYS)), Double.parseDouble(c.get(WosSettings.RECO_MIN_SUPPORT)),
                    c.get(WosSettings.RECO_HISTORY_PRODUCTS),
                    new TrendDetector.Windows(c.get(WosSettings.RECO_TREND_WINDOW_DAYS), c.get(WosSettings.RECO_TREND_BASELINE_DAYS),
                            c.get(WosSettings.RECO_TREND_MIN_ORDERS), Double.parseDouble(c.get(WosSettings.RECO_TREND_MIN_LIFT))),
                    c.get(WosSettings.RECO_LIST_SIZE), c.get(WosSettings.RECO_LIST_INTERVAL_MS));
        }
    }

    /** What the job produces; sinks are attached by the caller, so a test can plug in its own. */
    public record Outputs(DataStream<RankedList> lists, DataStream<ShopperProfile> profiles, DataStream<ShopperFact> catalog,
                          DataStream<RejectedRecord> rejected) {}

    private RecommendationsJob() {}

    public static Outputs build(DataStream<ShopperFact> facts, Settings s) {
        SingleOutputStreamOperator<ShopperFact> decoded = facts.process(new ProcessFunction<ShopperFact, ShopperFact>() {
            @Override
            public void processElement(ShopperFact f, Context ctx, Collector<ShopperFact> out) {
                if (ShopperFact.REJECTED.equals(f.kind)) ctx.output(FAILED, f.undecodable(STAGE));
                else out.collect(f);
            }
        }).name("split-undecodable");

        SingleOutputStreamOperator<ShopperFact> baskets = only(decoded, ShopperFact.ORDER, ShopperFact.ITEM)
                .keyBy(f -> f.orderId, TypeInformation.of(Long.class))
                .process(new BasketFunction(BASKET_TTL_MS)).name("baskets");

        SingleOutputStreamOperator<ShopperProfile> histories = baskets.union(only(decoded, ShopperFact.RETAILER))
                .keyBy(f -> f.retailerId, TypeInformation.of(Long.class))
                .process(new ShopperFunction(s.decay(), s.historyProducts())).name("histories");

        SingleOutputStreamOperator<RankedList> alsoBought = histories.getSideOutput(ShopperFunction.CO_PURCHASE)
                .keyBy(u -> u.productId, TypeInformation.of(Long.class))
                .process(new CoPurchaseFunction(s.decay(), s.minSupport(), s.listSize(), s.listIntervalMs())).name("co-purchase");

        SingleOutputStreamOperator<RankedList> trending = histories.getSideOutput(ShopperFunction.TRENDS)
                .keyBy(TrendCount::key, TypeInformation.of(String.class))
                .process(new TrendFunction(s.trends(), s.listSize(), s.listIntervalMs())).name("trends");

        SingleOutputStreamOperator<ShopperFact> catalog = only(decoded, ShopperFact.PRODUCT, ShopperFact.MANUFACTURER)
                .keyBy(CatalogStatusFunction::key, TypeInformation.of(String.class))
                .process(new CatalogStatusFunction()).name("catalog-status");

        DataStream<RejectedRecord> rejected = decoded.getSideOutput(FAILED).union(baskets.getSideOutput(FAILED), histories.getSideOutput(FAILED));
        return new Outputs(alsoBought.union(trending), histories, catalog, rejected);
    }


    private static DataStream<ShopperFact> only(DataStream<ShopperFact> in, String... kinds) {
        Set<String> wanted = Set.of(kinds);
        return in.filter(f -> wanted.contains(f.kind)).name("only-" + String.join("-", kinds));
    }

    public static KafkaSource<ShopperFact> source(WosConfig config) {
        ChangeFacts<ShopperFact> changes = ShopperInputs.changes();
        return KafkaSource.<ShopperFact>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(changes.topicNames())
                .setGroupId(DECLARATION.consumerGroup())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(changes)
                .setProperty("client.id.prefix", DECLARATION.consumerGroup())
                .build();
    }

    public static void run(WosConfig config) throws Exception {
        StageEnvironment.Prepared prepared = StageEnvironment.prepare(config, DECLARATION, config.get(WosSettings.RECO_CHECKPOINT_MS),
                config.get(WosSettings.RECO_PARALLELISM), conf -> { });
        StreamExecutionEnvironment env = prepared.env();
        // Steps judge by the business time on each fact; no step waits for a watermark.
        DataStream<ShopperFact> facts = env.fromSource(source(config), WatermarkStrategy.noWatermarks(), "cdc-shopper-facts");
        Outputs out = build(facts, Settings.from(config));
        out.lists().sinkTo(KafkaSink.<RankedList>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setRecordSerializer(new RankedListSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(StageEnvironment.producerProperties(config))
                .build()).name("reco-lists");
        out.profiles().sinkTo(KafkaSink.<ShopperProfile>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setRecordSerializer(new ProfileSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(StageEnvironment.producerProperties(config))
                .build()).name("reco-profiles");
        out.catalog().sinkTo(KafkaSink.<ShopperFact>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setRecordSerializer(new CatalogStatusSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(StageEnvironment.producerProperties(config))
                .build()).name("reco-catalog");
        out.rejected().sinkTo(KafkaSink.<RejectedRecord>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setRecordSerializer(new DeadLetterSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build()).name("dead-letters");
        LOG.info("Starting recommendations job from {} on the {} state backend", prepared.startedFrom(), prepared.stateBackend());
        env.execute(STAGE);
    }

    /** Entry point of the recommendations JVM: {@code --config <resolved.properties>}. */
    public static void main(String[] args) throws Exception {
        run(StageLaunch.configuration(args, "RecommendationsJob"));
    }
}
