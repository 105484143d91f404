package com.wholesaleos.config.stage;

import java.util.List;
import java.util.Optional;

/**
 * Every stage of the platform, declared once. Adding a stage is one declaration here plus its module.
 * Order follows the data's path: a stage comes after those it depends on.
 */
public final class WosStages {
    private WosStages() {}

    public static final StageDeclaration INGESTION = StageDeclaration.builder("ingestion")
            .module("ingestion")
            .mainClass("com.wholesaleos.ingestion.ChangeCaptureService")
            .readiness(new Readiness.ReplicationSlotActive())
            .heap("512m")
            .description("Debezium change capture: PostgreSQL WAL -> Avro change topics, dead letters")
            .build();

    public static final StageDeclaration LIVE_GMV = StageDeclaration.builder("live-gmv")
            .module("live-gmv-job")
            .mainClass("com.wholesaleos.streaming.gmv.LiveGmvJob")
            .readiness(new Readiness.FlinkJobRunning("live-gmv"))
            .dependsOn("ingestion")
            .heap("1g")
            .restPort(18081)
            // A few open orders and windows, read on every change: the heap is fastest and the snapshot stays small.
            .stateBackend("hashmap")
            .description("Flink LiveGmvJob: order, line and refund changes -> GMV per minute window and day")
            .build();

    public static final StageDeclaration FRAUD_SIGNALS = StageDeclaration.builder("fraud-signals")
            .module("fraud-signals-job")
            .mainClass("com.wholesaleos.streaming.fraud.job.FraudSignalsJob")
            .readiness(new Readiness.FlinkJobRunning("fraud-signals"))
            .dependsOn("ingestion")
            .heap("768m")
            .restPort(18082)
            // Every retailer, product, device and card ever seen: incremental checkpoints cost what changed, not all of it.
            .stateBackend("rocksdb")
            .description("Flink FraudSignalsJob: retailer, order, payment, refund, referral, product changes -> fraud alerts")
            .build();

    public static final StageDeclaration RECOMMENDATIONS = StageDeclaration.builder("recommendations")
            .module("recommendations-job")
            .mainClass("com.wholesaleos.streaming.recommendations.RecommendationsJob")
            .readiness(new Readiness.FlinkJobRunning("recommendations"))
            .dependsOn("ingestion")
            .heap("768m")
            .restPort(18083)
            // Every retailer's history and every co-purchase pair: as for fraud-signals.
            .stateBackend("rocksdb")
            .description("Flink RecommendationsJob: order, line, product, retailer, manufacturer changes -> feeds, also-bought, trending")
            .build();

    public static final StageDeclaration FEED_API = StageDeclaration.builder("feed-api")
            .module("feed-api")
            .mainClass("com.wholesaleos.feedapi.FeedApi")
            .readiness(new Readiness.HttpOk("/health"))
            .dependsOn("recommendations")
            .heap("256m")
            .httpPort(8090)
            .serviceNote("HTTP; OpenAPI at /openapi.json")
            .description("Feed API: serves recommendation feeds, also-bought and trending lists to the storefront over HTTP")
            .build();

    public static final StageDeclaration RISK_DESK = StageDeclaration.builder("risk-desk")
            .module("risk-desk")
            .mainClass("com.wholesaleos.riskdesk.AlertDesk")
            .readiness(new Readiness.ProcessAlive())
            .heap("128m")
            .description("Alert desk: fraud alerts -> the risk store (states, audit) that wos risk works on")
            .build();

    /** wos dlq replay: converts dead-lettered changes again with the capture's converter, so it runs on the capture's classpath. */
    public static final StageDeclaration DLQ_REPLAY = StageDeclaration.builder("dlq-replay")
            .module("ingestion")
            .mainClass("com.wholesaleos.ingestion.DeadLetterReplayer")
            .kind(StageKind.ONE_SHOT)
            .heap("256m")
            .description("Replays dead letters once their cause is fixed (wos dlq replay)")
            .build();

    public static final StageDeclaration SCHEDULER = StageDeclaration.builder("scheduler")
            .module("orchestration")
            .mainClass("com.wholesaleos.orchestration.WarehouseScheduler")
            .readiness(new Readiness.ProcessAlive())
            .dependsOn("ingestion")
            .heap("256m")
            .description("Warehouse scheduler: Quartz cron triggers -> DAG runs (warehouse_hourly, warehouse_maintenance), each task a Spark run")
            .build();

    /**
     * Trino 476 over the warehouse (catalog iceberg) and the live database (catalog marketplace, read-only role). The stage
     * JVM prepares the server (JDK 25, configuration, role, milestone views) and supervises Trino's own JVM; its port is Trino's.
     */
    public static final StageDeclaration TRINO = StageDeclaration.builder("trino")
            .module("warehouse")
            .mainClass("com.wholesaleos.warehouse.trino.TrinoService")
            .readiness(new Readiness.TrinoStarted())
            .heap("128m")
            .readyTimeoutMs(480_000) // a cold start on a loaded two-core machine has taken over 3 minutes
            .httpPort(8086)
            .description("Trino SQL over the Iceberg warehouse and the live PostgreSQL: milestone views, wos sql, wos milestones")
            .build();

    /**
     * The web console: leadership's GMV and retention dashboards, the risk team's alert queue, the platform's health and its
     * Prometheus /metrics, for signed-in users by role. Started last: its pages read what the other stages produce.
     */
    public static final StageDeclaration CONSOLE = StageDeclaration.builder("console")
            .module("console")
            .mainClass("com.wholesaleos.console.WebConsole")
            .readiness(new Readiness.HttpOk("/ready"))
            .heap("256m")
            .httpPort(8088)
            .serviceNote("web console; first user: ./wos users add NAME --role admin")
            .description("Web console: GMV and retention dashboards, the risk alert queue, platform health and /metrics, by role")
            .build();

    /** Warehouse tasks: Spark runs, each its own JVM, started by the scheduler's DAG runs (or wos batch run). */
    public static final StageDeclaration WAREHOUSE_BRONZE = sparkRun("warehouse-bronze", "com.wholesaleos.batch.bronze.IcebergBronzeLoader",
            "Spark: change topics -> bronze changelog tables, exactly once (offsets committed with the Iceberg snapshot)");
    public static final StageDeclaration WAREHOUSE_SILVER = sparkRun("warehouse-silver", "com.wholesaleos.batch.silver.SilverLoader",
            "Spark: bronze -> silver current state per entity (MERGE, latest LSN wins) and SCD2 history, personal data hashed");
    public static final StageDeclaration WAREHOUSE_GOLD = sparkRun("warehouse-gold", "com.wholesaleos.batch.gold.GoldMartBuilder",
            "Spark: silver -> gold marts (daily GMV, retention, repeat purchase, activation, growth, revenue, ...)");
    /** The one writer of the milestone views and their materialized tables: through Trino, after gold. */
    public static final StageDeclaration WAREHOUSE_MILESTONES = StageDeclaration.builder("warehouse-milestones")
            .module("warehouse").mainClass("com.wholesaleos.warehouse.milestone.MilestoneRefreshTask").kind(StageKind.SCHEDULED)
            .heap("128m").description("Trino: the growth plan, the milestone views and their materialized tables, refreshed after gold")
            .build();
    public static final StageDeclaration WAREHOUSE_MAINTENANCE = sparkRun("warehouse-maintenance", "com.wholesaleos.batch.maintenance.TableMaintenance",
            "Spark: snapshot expiry, data-file compaction, orphan-file removal on every warehouse table");
    public static final StageDeclaration WAREHOUSE_TABLES = sparkRun("warehouse-tables", "com.wholesaleos.batch.catalog.WarehouseTables",
            "Lists the warehouse's Iceberg tables, snapshots and rows (wos batch tables)", StageKind.ONE_SHOT);

    private static StageDeclaration sparkRun(String name, String mainClass, String description) {
        return sparkRun(name, mainClass, description, StageKind.SCHEDULED);
    }

    private static StageDeclaration sparkRun(String name, String mainClass, String description, StageKind kind) {
        return StageDeclaration.builder(name).module("batch-jobs").mainClass(mainClass).kind(kind)
                .heap("2g").jvmOptions(StageDeclaration.SPARK_JVM_OPTIONS).description(description).build();
    }

    public static final List<StageDeclaration> ALL = List.of(INGESTION, LIVE_GMV, FRAUD_SIGNALS, RECOMMENDATIONS, FEED_API, RISK_DESK, DLQ_REPLAY, SCHEDULER, TRINO, CONSOLE,
            WAREHOUSE_BRONZE, WAREHOUSE_SILVER, WAREHOUSE_GOLD, WAREHOUSE_MILESTONES, WAREHOUSE_MAINTENANCE, WAREHOUSE_TABLES);

    /** Stages wos up runs and supervises. */
    public static List<String> longRunning() {
        return ALL.stream().filter(s -> s.kind() == StageKind.LONG_RUNNING).map(StageDeclaration::name).toList();
    }

    public static Optional<StageDeclaration> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
