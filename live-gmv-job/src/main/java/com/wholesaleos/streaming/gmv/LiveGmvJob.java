package com.wholesaleos.streaming.gmv;

import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.streaming.runtime.StageEnvironment;
import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.streaming.cdc.ChangeFacts;
import com.wholesaleos.streaming.cdc.RejectedRecord;
import com.wholesaleos.streaming.sink.DeadLetterSerializer;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.PipelineOptions;
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
 * Live GMV: order, order line and refund changes → per-order ledger (keyed by order id) → GMV entries →
 * per-minute windows by region × category × retailer segment × currency, and UTC day-to-date totals.
 *
 * <p>Event time is the source commit time; watermarks trail the newest commit by a bounded out-of-orderness,
 * and an idle partition stops holding them back. Outputs are upserts keyed by window, emitted on every change:
 * after a failure Flink restores state and source offsets from the last checkpoint and replays, which re-emits
 * the same window values, so readers that keep the latest value per key see each change counted exactly once.
 */
public final class LiveGmvJob {
    private static final Logger LOG = LoggerFactory.getLogger(LiveGmvJob.class);
    public static final StageDeclaration DECLARATION = WosStages.LIVE_GMV;
    public static final String STAGE = DECLARATION.name();
    static final OutputTag<RejectedRecord> UNDECODABLE = new OutputTag<>("undecodable", TypeInformation.of(RejectedRecord.class));

    /** What the job produces; sinks are attached by the caller, so a test can plug in its own. */
    public record Outputs(DataStream<GmvWindowValue> windows, DataStream<RejectedRecord> rejected) {}

    private LiveGmvJob() {}

    public static WatermarkStrategy<CdcRecord> watermarks(WosConfig config) {
        return WatermarkStrategy.<CdcRecord>forBoundedOutOfOrderness(Duration.ofMillis(config.get(WosSettings.GMV_OUT_OF_ORDERNESS_MS)))
                .withTimestampAssigner((r, previous) -> r.businessTimeMs)
                .withIdleness(Duration.ofMillis(config.get(WosSettings.GMV_IDLE_MS)));
    }

    /** The job's logic, from decoded changes (with event-time timestamps and watermarks) to window values and rejects. */
    public static Outputs build(DataStream<CdcRecord> changes, long allowedLatenessMs, long refundWindowMs) {
        return build(changes, allowedLatenessMs, refundWindowMs, 0);
    }

    public static Outputs build(DataStream<CdcRecord> changes, long allowedLatenessMs, long refundWindowMs, long emitIntervalMs) {
        return build(changes, allowedLatenessMs, refundWindowMs, emitIntervalMs, 0);
    }

    public static Outputs build(DataStream<CdcRecord> changes, long allowedLatenessMs, long refundWindowMs, long emitIntervalMs, long liveHorizonMs) {
        SingleOutputStreamOperator<CdcRecord> decoded = changes.process(new ProcessFunction<CdcRecord, CdcRecord>() {
            @Override
            public void processElement(CdcRecord r, Context ctx, Collector<CdcRecord> out) {
                if (CdcRecord.REJECTED.equals(r.kind)) ctx.output(UNDECODABLE, r.undecodable(STAGE));
                else out.collect(r);
            }
        }).name("split-undecodable");

        SingleOutputStreamOperator<GmvEntry> entries = decoded.keyBy(r -> r.orderId, TypeInformation.of(Long.class))
                .process(new OrderLedgerFunction(refundWindowMs, allowedLatenessMs)).name("order-ledger");

        SingleOutputStreamOperator<GmvWindowValue> minutes = entries.keyBy(e -> GmvWindow.MINUTE.key(e), TypeInformation.of(String.class))
                .process(new GmvWindowFunction(GmvWindow.MINUTE, allowedLatenessMs, emitIntervalMs, liveHorizonMs)).name("gmv-per-minute");
        SingleOutputStreamOperator<GmvWindowValue> days = entries.keyBy(e -> GmvWindow.DAY.key(e), TypeInformation.of(String.class))
                .process(new GmvWindowFunction(GmvWindow.DAY, allowedLatenessMs, emitIntervalMs, liveHorizonMs)).name("gmv-day-to-date");

        DataStream<RejectedRecord> rejected = decoded.getSideOutput(UNDECODABLE)
                .union(entries.getSideOutput(OrderLedgerFunction.FAILED),
                        minutes.getSideOutput(GmvWindowFunction.REJECTED), days.getSideOutput(GmvWindowFunction.REJECTED));
        return new Outputs(minutes.union(days), rejected);
    }

    public static KafkaSource<CdcRecord> source(WosConfig config) {
        ChangeFacts<CdcRecord> changes = GmvInputs.changes();
        return KafkaSource.<CdcRecord>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(changes.topicNames())
                .setGroupId(DECLARATION.consumerGroup())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(changes)
                .setProperty("client.id.prefix", DECLARATION.consumerGroup())
                .build();
    }

    /** Runs the job against the configured Kafka; embedded (MiniCluster with web UI) unless submitted to a cluster. */
    public static void run(WosConfig config) throws Exception {
        StageEnvironment.Prepared prepared = StageEnvironment.prepare(config, DECLARATION, config.get(WosSettings.GMV_CHECKPOINT_MS),
                config.get(WosSettings.GMV_PARALLELISM), conf -> conf.set(PipelineOptions.GENERIC_TYPES, false));
        StreamExecutionEnvironment env = prepared.env();
        DataStream<CdcRecord> changes = env.fromSource(source(config), watermarks(config), "cdc-orders-lines-refunds");
        Outputs out = build(changes, config.get(WosSettings.GMV_ALLOWED_LATENESS_MS), config.get(WosSettings.GMV_REFUND_WINDOW_MS),
                config.get(WosSettings.GMV_EMIT_INTERVAL_MS), config.get(WosSettings.GMV_LIVE_HORIZON_MS));
        // At-least-once suffices: window values are idempotent upserts (see class comment).
        out.windows().sinkTo(KafkaSink.<GmvWindowValue>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setRecordSerializer(new GmvRecordSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(StageEnvironment.producerProperties(config))
                .build()).name("gmv-upserts");
        out.rejected().sinkTo(KafkaSink.<RejectedRecord>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setRecordSerializer(new DeadLetterSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build()).name("dead-letters");
        LOG.info("Starting live GMV job from {} on the {} state backend", prepared.startedFrom(), prepared.stateBackend());
        env.execute("live-gmv");
    }

    /** Entry point of the streaming JVM: {@code --config <resolved.properties>}. */
    public static void main(String[] args) throws Exception {
        run(StageLaunch.configuration(args, "LiveGmvJob"));
    }
}
