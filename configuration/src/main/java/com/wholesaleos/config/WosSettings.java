package com.wholesaleos.config;

import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.WosStages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every configuration key of the platform, with its default. Nobody else hard-codes a key, host or port. */
public final class WosSettings {
    private WosSettings() {}

    public static final Setting<String> DATA_DIR = Setting.string("data-dir", ".wos-data",
            "Directory holding all embedded state (PostgreSQL, Kafka logs, offsets, checkpoints); a second start resumes from it.");

    public static final Setting<Boolean> POSTGRES_EMBEDDED = Setting.bool("postgres.embedded", true,
            "Start an embedded PostgreSQL 17; false points at an external server.");
    public static final Setting<String> POSTGRES_HOST = Setting.string("postgres.host", "127.0.0.1", "PostgreSQL host.");
    public static final Setting<Integer> POSTGRES_PORT = Setting.port("postgres.port", 54329, "PostgreSQL port.");
    public static final Setting<String> POSTGRES_DATABASE = Setting.string("postgres.database", "marketplace",
            "Database of the core transactional service.");
    public static final Setting<String> POSTGRES_USER = Setting.string("postgres.user", "postgres", "PostgreSQL user.");
    public static final Setting<String> POSTGRES_PASSWORD = Setting.string("postgres.password", "postgres", "PostgreSQL password.");

    public static final Setting<Boolean> KAFKA_EMBEDDED = Setting.bool("kafka.embedded", true,
            "Start an embedded single-node KRaft Kafka broker; false points at an external cluster.");
    public static final Setting<String> KAFKA_BOOTSTRAP = Setting.string("kafka.bootstrap-servers", "127.0.0.1:19092",
            "Kafka bootstrap servers.");
    public static final Setting<Integer> KAFKA_CONTROLLER_PORT = Setting.port("kafka.controller-port", 19093,
            "Controller port of the embedded broker.");
    public static final Setting<Integer> KAFKA_PARTITIONS = Setting.integer("kafka.partitions", 1, 1, 1024,
            "Partitions of each topic the platform creates.");
    public static final Setting<Integer> KAFKA_REPLICATION = Setting.integer("kafka.replication-factor", 1, 1, 16,
            "Replication factor of each topic the platform creates.");

    public static final Setting<String> CDC_SLOT = Setting.string("ingestion.slot-name", "wos_cdc",
            "Logical replication slot used by the change capture.");
    public static final Setting<String> CDC_PUBLICATION = Setting.string("ingestion.publication", "wos_cdc",
            "PostgreSQL publication used by the change capture.");
    public static final Setting<Long> CDC_POLL_MS = Setting.longValue("ingestion.poll-interval-ms", 10, 1, 60_000,
            "Debezium poll interval; its 500 ms default is a latency floor.");
    public static final Setting<Integer> CDC_MAX_BATCH = Setting.integer("ingestion.max-batch-size", 4096, 1, 1_000_000,
            "Most change events handed over per batch.");
    public static final Setting<Long> CDC_OFFSET_FLUSH_MS = Setting.longValue("ingestion.offset-flush-interval-ms", 1000, 10, 3_600_000,
            "How often the captured position is stored; bounds the replay after a crash.");

    public static final Setting<Long> CDC_HEARTBEAT_MS = Setting.longValue("ingestion.heartbeat-interval-ms", 10_000, 0, 3_600_000,
            "Debezium heartbeat: confirms the slot's position even when no captured table changes, so PostgreSQL can recycle WAL; 0 turns it off.");

    public static final Setting<String> CDC_COLUMN_ALIASES = Setting.matching("ingestion.column-aliases", "",
            "(\\s*\\w+\\.\\w+\\s*=\\s*\\w+\\s*)?(,\\s*\\w+\\.\\w+\\s*=\\s*\\w+\\s*)*",
            "a comma-separated list of table.source_column=contract_field (may be empty)",
            "Columns renamed in the source, mapped back to their contract field until a new contract version names them; "
                    + "restart the capture and run wos dlq replay for what was dead-lettered meanwhile.");

    public static final Setting<Long> GMV_OUT_OF_ORDERNESS_MS = Setting.longValue("gmv.watermark-out-of-orderness-ms", 5_000, 0, 86_400_000,
            "Watermark lag behind the newest commit time seen.");
    public static final Setting<Long> GMV_IDLE_MS = Setting.longValue("gmv.source-idle-timeout-ms", 10_000, 100, 86_400_000,
            "A topic partition quiet this long stops holding the watermark back.");
    public static final Setting<Long> GMV_ALLOWED_LATENESS_MS = Setting.longValue("gmv.allowed-lateness-ms", 3_600_000, 0, 7L * 86_400_000,
            "Corrections this late (after the watermark passed a window's end) still update the window; later ones go to the dead-letter topic.");
    public static final Setting<Long> GMV_REFUND_WINDOW_MS = Setting.longValue("gmv.refund-window-ms", 30L * 86_400_000, 0, 3_650L * 86_400_000,
            "Refunds accepted after delivery (commit time); an order's ledger state is released this long after its delivery (or at its cancellation), plus the allowed lateness. A change after that is dead-lettered.");
    public static final Setting<Long> GMV_LIVE_HORIZON_MS = Setting.longValue("gmv.live-horizon-ms", 86_400_000L, 0, 3_650L * 86_400_000,
            "Live GMV: changes dated (business time) more than this before now are history (backdated loads): the warehouse counts them; the live job adds them to wos.gmv.history per day, not to its windows nor to wos.dlq. 0: no horizon.");
    public static final Setting<Long> GMV_EMIT_INTERVAL_MS = Setting.longValue("gmv.emit-interval-ms", 25, 0, 60_000,
            "A window's new value goes out at once unless it went out less than this ago; then once at the end of the interval, "
                    + "with everything that arrived meanwhile. 0 emits on every change (two upserts per GMV entry).");
    public static final Setting<Long> GMV_CHECKPOINT_MS = Setting.longValue("gmv.checkpoint-interval-ms", 1_000, 100, 3_600_000,
            "Flink checkpoint interval.");
    public static final Setting<Integer> GMV_PARALLELISM = Setting.integer("gmv.parallelism", 1, 1, 256, "Parallelism of the live GMV job.");

    public static final Setting<Integer> FRAUD_CARD_TESTING_FAILURES = Setting.integer("fraud.card-testing.failures", 3, 2, 1000,
            "Card testing: failed payments on one instrument or retailer within fraud.card-testing.window-ms that raise an alert.");
    public static final Setting<Long> FRAUD_CARD_TESTING_WINDOW_MS = Setting.longValue("fraud.card-testing.window-ms", 10 * 60_000L, 1_000, 86_400_000,
            "Card testing: the window of business time the failures must fall in.");
    public static final Setting<Integer> FRAUD_FARM_SHARED_DEVICE = Setting.integer("fraud.account-farm.shared-device-or-instrument", 3, 2, 1000,
            "Account farm: young accounts behind one device or payment instrument that raise an alert.");
    public static final Setting<Integer> FRAUD_FARM_SHARED_ADDRESS = Setting.integer("fraud.account-farm.shared-address", 6, 2, 1000,
            "Account farm: young accounts behind one address that raise an alert (chains and shared warehouses share addresses legitimately).");
    public static final Setting<Integer> FRAUD_FARM_YOUNG_DAYS = Setting.integer("fraud.account-farm.young-days", 7, 1, 3650,
            "Account farm: accounts signed up within this many days of the newest one behind an identifier are a burst; established ones sharing a site are how chains look.");

    public static final Setting<Integer> FRAUD_RING_MAX_LENGTH = Setting.integer("fraud.referral.max-ring-length", 6, 2, 100,
            "Referral abuse: the longest referral ring (A > B > ... > A) reported.");
    public static final Setting<Long> FRAUD_CANCEL_AFTER_REWARD_MS = Setting.longValue("fraud.referral.cancel-after-reward-ms", 86_400_000L, 60_000, 365 * 86_400_000L,
            "Referral abuse: a referee's cancellation or refund this soon after the referral reward was paid.");
    public static final Setting<Integer> FRAUD_REFUND_MIN_DELIVERIES = Setting.integer("fraud.refund-abuse.min-deliveries", 5, 1, 100_000,
            "Refund abuse: deliveries a retailer needs before its refund rate is judged.");
    public static final Setting<String> FRAUD_REFUND_TIMES_SEGMENT = Setting.matching("fraud.refund-abuse.times-segment-rate", "3.0", "\\d+(\\.\\d+)?",
            "a decimal number", "Refund abuse: how many times its segment's refund rate a retailer's rate must reach.");
    public static final Setting<String> FRAUD_REFUND_MIN_RATE = Setting.matching("fraud.refund-abuse.min-rate", "0.2", "0?\\.\\d+|1(\\.0+)?",
            "a rate from 0 to 1", "Refund abuse: a rate below this never alerts, however low the segment's.");
    public static final Setting<String> FRAUD_REFUND_SIGNIFICANCE = Setting.matching("fraud.refund-abuse.significance", "0.001", "0?\\.\\d+",
            "a probability from 0 to 1", "Refund abuse: alert only when the segment's rate would produce this many refunds with at most this probability.");

    public static final Setting<Long> FRAUD_VELOCITY_WINDOW_MS = Setting.longValue("fraud.velocity.window-ms", 3_600_000L, 60_000, 30L * 86_400_000,
            "Order velocity: the sliding window of business time orders are counted in.");
    public static final Setting<String> FRAUD_VELOCITY_TIMES_BASELINE = Setting.matching("fraud.velocity.times-baseline", "5.0", "\\d+(\\.\\d+)?",
            "a decimal number", "Order velocity: how many times its usual orders per window (its own, else its segment's) a retailer must place.");
    public static final Setting<Integer> FRAUD_VELOCITY_MIN_HISTORY_DAYS = Setting.integer("fraud.velocity.min-history-days", 14, 0, 3650,
            "Order velocity: history a retailer needs before its own rate is its baseline (before that: its segment's).");
    public static final Setting<Integer> FRAUD_VELOCITY_YOUNG_DAYS = Setting.integer("fraud.velocity.young-days", 3, 0, 365,
            "Order velocity: accounts younger than this are held to an absolute ceiling.");
    public static final Setting<Integer> FRAUD_VELOCITY_YOUNG_CEILING = Setting.integer("fraud.velocity.young-ceiling", 4, 1, 100_000,
            "Order velocity: most orders per window a young account may place without an alert.");
    public static final Setting<String> FRAUD_AMOUNT_DEVIATIONS = Setting.matching("fraud.amount.deviations", "4.0", "\\d+(\\.\\d+)?",
            "a decimal number", "Amount anomaly: standard deviations (of log order value) above the trailing distribution.");
    public static final Setting<Integer> FRAUD_AMOUNT_MIN_ORDERS = Setting.integer("fraud.amount.min-orders", 5, 2, 100_000,
            "Amount anomaly: orders a retailer needs before its own distribution is used (before that: its category's).");
    public static final Setting<String> FRAUD_PRICE_RAISE_RATIO = Setting.matching("fraud.price-raise.min-ratio", "1.5", "\\d+(\\.\\d+)?",
            "a decimal number", "Seller collusion: new price over old price that counts as a sharp raise.");
    public static final Setting<Long> FRAUD_PRICE_RAISE_WITHIN_MS = Setting.longValue("fraud.price-raise.within-ms", 3_600_000L, 60_000, 30L * 86_400_000,
            "Seller collusion: how soon after the raise a large order of the product is suspicious.");
    public static final Setting<String> FRAUD_PRICE_RAISE_MIN_LINE = Setting.matching("fraud.price-raise.min-line-value", "10000.00", "\\d+(\\.\\d{1,2})?",
            "an amount", "Seller collusion: the order line value that counts as large.");

    public static final Setting<Integer> FLINK_RESTART_ATTEMPTS = Setting.integer("flink.restart-attempts", 20, 0, 1_000_000,
            "Restarts of a Flink job within its JVM (fixed delay flink.restart-delay-ms) before the job fails and its stage JVM exits, "
                    + "leaving the rest to the launcher's supervision.");
    public static final Setting<Long> FLINK_RESTART_DELAY_MS = Setting.longValue("flink.restart-delay-ms", 1_000, 0, 3_600_000,
            "Delay between restarts of a Flink job.");
    public static final Setting<String> FLINK_REST_ADDRESS = Setting.string("flink.rest-address", "127.0.0.1",
            "Address the embedded Flink jobs' REST endpoints (web UI) listen on and the launcher checks them at.");
    public static final Setting<Integer> PRODUCER_LINGER_MS = Setting.integer("kafka.producer-linger-ms", 2, 0, 60_000,
            "linger.ms of the platform's Kafka producers (capture, job sinks): a little batching without adding latency.");
    public static final Setting<String> FLINK_STATE_BACKEND = Setting.oneOf("flink.state-backend", "per-stage", List.of("per-stage", "hashmap", "rocksdb"),
            "per-stage: each Flink job on its own stage.<name>.state-backend; hashmap or rocksdb: every job on that one.");
    public static final Setting<Long> FLINK_BUFFER_TIMEOUT_MS = Setting.longValue("flink.buffer-timeout-ms", 20, 0, 10_000,
            "Flink jobs: how long a record may wait in a network buffer before it is flushed downstream. Each keyed exchange adds up to this "
                    + "much latency; every output has a flusher thread waking this often, so 5 ms kept idle jobs busy (34 flushers in fraud-signals).");
    public static final Setting<Integer> FLINK_CHECKPOINTS_RETAINED = Setting.integer("flink.checkpoints-retained", 3, 1, 100,
            "Completed checkpoints kept per Flink job; older ones (also those of earlier runs of the job) are deleted.");
    public static final Setting<List<String>> STAGES_ENABLED = Setting.subsetOf("stages.enabled", String.join(",", WosStages.longRunning()),
            WosStages.longRunning(), "Stages wos up starts and supervises (others may run elsewhere, e.g. on a cluster).");

    public static final Setting<Long> RESTART_BACKOFF_INITIAL_MS = Setting.longValue("supervision.restart-backoff-initial-ms", 500, 0, 3_600_000,
            "Delay before restarting a stage that died; doubles with each crash in a row.");
    public static final Setting<Long> RESTART_BACKOFF_MAX_MS = Setting.longValue("supervision.restart-backoff-max-ms", 10_000, 0, 3_600_000,
            "Longest delay before a restart.");
    public static final Setting<Long> HEALTHY_AFTER_MS = Setting.longValue("supervision.healthy-after-ms", 60_000, 0, 86_400_000,
            "A stage that ran this long since its last start is healthy again: its backoff resets.");
    public static final Setting<Integer> CRASH_LOOP_CRASHES = Setting.integer("supervision.crash-loop-crashes", 5, 1, 1000,
            "A stage that dies this many times within supervision.crash-loop-window-ms is marked failed and no longer restarted.");
    public static final Setting<Long> CRASH_LOOP_WINDOW_MS = Setting.longValue("supervision.crash-loop-window-ms", 120_000, 1, 86_400_000,
            "Window of the crash-loop rule.");
    public static final Setting<Long> STAGE_STOP_GRACE_MS = Setting.longValue("supervision.stop-grace-ms", 30_000, 0, 600_000,
            "How long a stage may take to stop after SIGTERM before it is killed.");
    public static final Setting<Long> READY_TIMEOUT_MS = Setting.longValue("supervision.ready-timeout-ms", 180_000, 1_000, 3_600_000,
            "How long wos up, wos demo and the tests wait for the stages to become ready.");
    public static final Setting<Long> POSTGRES_STOP_GRACE_MS = Setting.longValue("postgres.stop-grace-ms", 3_000, 0, 600_000,
            "Embedded PostgreSQL: how long a stop lets clients finish before a fast shutdown disconnects them (committed work is safe either way).");
    public static final Setting<String> POSTGRES_MAX_SLOT_WAL_KEEP = Setting.string("postgres.max-slot-wal-keep-size", "8GB",
            "Embedded PostgreSQL: most WAL a replication slot may hold back (a stopped capture cannot fill the disk; past it the slot is invalidated and capture must re-snapshot).");
    // C1 only: on 2 cores, C2's compile threads starve the pipeline for the first ~30 s (p99 freshness 2.5 s
    // instead of 0.18 s in wos demo), while steady-state capture measured the same. Drop it on bigger machines.
    public static final Setting<String> STAGE_JVM_OPTIONS = Setting.string("stages.jvm-options", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            "Extra JVM options of every stage JVM, space-separated (GC, JIT, profiling with -XX:StartFlightRecording=filename=stage.jfr).");

    public static final Setting<Long> FRAUD_STATE_TTL_MS = Setting.longValue("fraud.state-ttl-ms", 90L * 86_400_000, 60_000, 3_650L * 86_400_000,
            "Fraud job: keyed state (a retailer's, an order's, a device's ...) untouched this long (processing time) is dropped.");
    public static final Setting<Long> FRAUD_CHECKPOINT_MS = Setting.longValue("fraud.checkpoint-interval-ms", 2_000, 100, 3_600_000,
            "Fraud job: checkpoint interval; a restart replays at most this much from the change topics.");
    public static final Setting<Integer> SIMULATOR_CONNECTIONS = Setting.integer("simulator.connections", 1, 1, 64,
            "Connections the simulator places orders over at once (wos simulate, wos demo, wos bench), each a lane with its share of the "
            + "retailers, the rate and the orders; 1 gives the same data for the same seed. Fraud scenarios and the business clock use one. "
            + "More helps when commits wait on the network or disk; on a 2-core machine running every stage the simulator is CPU-bound "
            + "(measured: 4 gave the same 68 orders/s as 1).");
    public static final Setting<Integer> FRAUD_PARALLELISM = Setting.integer("fraud.parallelism", 1, 1, 256, "Parallelism of the fraud signals job.");

    public static final Setting<Integer> RECO_FEED_SIZE = Setting.integer("reco.feed-size", 20, 1, 500,
            "Recommendations: items per retailer feed, as the Feed API blends it (its limit is at most this).");
    public static final Setting<Integer> RECO_LIST_SIZE = Setting.integer("reco.list-size", 20, 1, 500,
            "Recommendations: products per also-bought and trending list.");
    public static final Setting<Integer> RECO_HALF_LIFE_DAYS = Setting.integer("reco.half-life-days", 60, 14, 3650,
            "Recommendations: half-life (business days) of a purchase's weight in co-purchase similarity.");
    public static final Setting<String> RECO_MIN_SUPPORT = Setting.matching("reco.min-support", "2.0", "\\d+(\\.\\d+)?", "a decimal number",
            "Recommendations: retailers (time-decayed: two who bought a week ago count a little under two) who must stock two products together before one is shown as also bought with the other.");
    public static final Setting<Integer> RECO_HISTORY_PRODUCTS = Setting.integer("reco.history-products", 40, 2, 10_000,
            "Recommendations: products of a retailer's history (its most recent) that count towards co-purchase and buy-again.");
    public static final Setting<Integer> RECO_TREND_WINDOW_DAYS = Setting.integer("reco.trend.window-days", 7, 1, 365,
            "Recommendations: the recent window (business days) a product's orders are counted in for trending.");
    public static final Setting<Integer> RECO_TREND_BASELINE_DAYS = Setting.integer("reco.trend.baseline-days", 28, 1, 3650,
            "Recommendations: the window before it that is the product's own baseline.");
    public static final Setting<Integer> RECO_TREND_MIN_ORDERS = Setting.integer("reco.trend.min-orders", 3, 1, 1_000_000,
            "Recommendations: orders a product needs in the recent window (per category and region) to trend.");
    public static final Setting<String> RECO_TREND_MIN_LIFT = Setting.matching("reco.trend.min-lift", "2.0", "\\d+(\\.\\d+)?", "a decimal number",
            "Recommendations: how many times its baseline daily rate a product's recent rate must be to trend.");
    public static final Setting<String> RECO_WEIGHTS = Setting.matching("reco.weights", "buy-again=1.0,also-stocked=0.3,trending=0.2",
            "buy-again=\\d+(\\.\\d+)?,also-stocked=\\d+(\\.\\d+)?,trending=\\d+(\\.\\d+)?", "buy-again=W,also-stocked=W,trending=W",
            "Recommendations: how the Feed API blends a feed from its three sources (each scored 0-1).");
    public static final Setting<Long> RECO_LIST_INTERVAL_MS = Setting.longValue("reco.list-interval-ms", 1_000, 10, 3_600_000,
            "Recommendations: a changed also-bought or trending list is republished at most this often (processing time); its changes in between are coalesced.");
    public static final Setting<Long> RECO_CHECKPOINT_MS = Setting.longValue("reco.checkpoint-interval-ms", 5_000, 100, 3_600_000,
            "Recommendations job: checkpoint interval; a restart replays at most this much from the change topics.");
    public static final Setting<Integer> RECO_PARALLELISM = Setting.integer("reco.parallelism", 1, 1, 256, "Parallelism of the recommendations job.");

    public static final Setting<String> FEED_BIND_ADDRESS = Setting.string("feed.bind-address", "127.0.0.1",
            "Address the Feed API listens on (0.0.0.0 for a storefront on another machine; every /api route needs a key).");
    public static final Setting<Long> FEED_KEY_REFRESH_MS = Setting.longValue("feed.key-refresh-ms", 1_000, 100, 3_600_000,
            "Feed API: how often it re-reads the API keys (a revoked key is refused within this time).");
    public static final Setting<Long> FEED_MAX_LAG_RECORDS = Setting.longValue("feed.max-lag-records", 50_000, 0, Long.MAX_VALUE,
            "Feed API: /health answers 503 ('behind') while its store is more than this many records behind its topics.");
    public static final Setting<Long> FEED_MAX_STALENESS_MS = Setting.longValue("feed.max-staleness-ms", 60_000, 1_000, 86_400_000,
            "Feed API: /health answers 503 ('behind') once its store was last caught up with its topics longer ago than this.");

    public static final Setting<String> CONSOLE_BIND_ADDRESS = Setting.string("console.bind-address", "127.0.0.1",
            "Address the web console listens on (0.0.0.0 to reach it from other machines; put TLS in front of it, see console.secure-cookies).");
    public static final Setting<Boolean> CONSOLE_SECURE_COOKIES = Setting.bool("console.secure-cookies", false,
            "Web console: mark the session cookie Secure (set it when the console is served over HTTPS, behind a TLS proxy).");
    public static final Setting<Integer> CONSOLE_MAX_FAILED_SIGN_INS = Setting.integer("console.max-failed-sign-ins", 5, 1, 100,
            "Web console: wrong passwords in a row that lock an account (for console.lockout-ms).");
    public static final Setting<Long> CONSOLE_LOCKOUT_MS = Setting.longValue("console.lockout-ms", 15 * 60_000L, 1_000, 7L * 86_400_000,
            "Web console: how long an account stays locked after console.max-failed-sign-ins wrong passwords.");
    public static final Setting<Long> CONSOLE_SESSION_IDLE_MS = Setting.longValue("console.session-idle-ms", 8 * 3_600_000L, 60_000, 30L * 86_400_000,
            "Web console: a session unused this long signs its user out.");
    public static final Setting<Integer> CONSOLE_LIVE_DAYS = Setting.integer("console.live-days", 2, 1, 90,
            "Web console: days of live GMV minute windows it keeps for the GMV by minute/hour/day chart (older days: the warehouse trend).");
    public static final Setting<Long> CONSOLE_PUSH_INTERVAL_MS = Setting.longValue("console.push-interval-ms", 200, 20, 60_000,
            "Web console: how often live pages (GMV tile, alert queue) are checked for changes to push.");

    public static final Setting<String> WAREHOUSE_CATALOG = Setting.matching("warehouse.catalog-name", "wos", "[a-z][a-z0-9_]*",
            "a lower-case SQL identifier", "Warehouse: the Iceberg catalog's name, the same in Spark and Trino (the JDBC catalog keys every table by it).");
    public static final Setting<String> WAREHOUSE_CATALOG_DATABASE = Setting.matching("warehouse.catalog-database", "wos_catalog", "[a-z][a-z0-9_]*",
            "a lower-case SQL identifier", "Warehouse: PostgreSQL database (on the platform's server) that holds the Iceberg JDBC catalog; created when missing.");
    public static final Setting<String> WAREHOUSE_LOCATION = Setting.matching("warehouse.location", "", "|\\S+", "a URI or empty",
            "Warehouse: where table data lives, a URI (file:///..., s3://bucket/path with an S3 FileIO in warehouse.spark-conf); empty means <data-dir>/warehouse.");
    public static final Setting<String> WAREHOUSE_SPARK_MASTER = Setting.string("warehouse.spark-master", "local[2]",
            "Warehouse: Spark master of each run (local[N] in the run's JVM; spark://host:7077 or yarn on a cluster).");
    public static final Setting<Integer> WAREHOUSE_SHUFFLE_PARTITIONS = Setting.integer("warehouse.shuffle-partitions", 4, 1, 100_000,
            "Warehouse: spark.sql.shuffle.partitions of each run (Spark's 200 is for clusters: on 2 cores it is mostly task overhead).");
    public static final Setting<String> WAREHOUSE_SPARK_CONF = Setting.matching("warehouse.spark-conf", "", "|[^=,\\s]+=[^,]*(,[^=,\\s]+=[^,]*)*",
            "key=value,key=value", "Warehouse: extra Spark settings of each run (an S3 FileIO, a REST catalog: spark.sql.catalog.<name>.type=rest, .uri=...).");
    public static final Setting<Integer> WAREHOUSE_PARALLEL_TABLES = Setting.integer("warehouse.parallel-tables", 4, 1, 64,
            "Warehouse: tables a run loads, merges or builds at once (each its own Spark job and Iceberg commit). Small tables spend much of "
                    + "their time in planning and catalog commits, not on the cores: on 2 cores 4 at once ran warehouse_hourly 12% faster than 2.");
    public static final Setting<String> WAREHOUSE_PII_SALT = Setting.string("warehouse.pii-salt", "wos-warehouse",
            "Warehouse: salt of the SHA-256 hashes that replace personal data (fields a contract marks as personal data) in silver.");
    public static final Setting<Integer> WAREHOUSE_SNAPSHOT_RETENTION_HOURS = Setting.integer("warehouse.snapshot-retention-hours", 168, 1, 87_600,
            "Warehouse maintenance: snapshots older than this are expired (the newest 5 of each table are always kept): the reach of time travel.");
    public static final Setting<Integer> WAREHOUSE_ORPHAN_AGE_HOURS = Setting.integer("warehouse.orphan-file-age-hours", 72, 1, 87_600,
            "Warehouse maintenance: files no snapshot references are removed once older than this (longer than any write may run: a running write's files are not referenced yet).");
    public static final Setting<String> WAREHOUSE_PAUSE_BEFORE_COMMIT = Setting.matching("warehouse.fault.pause-before-commit", "", "|[a-z_]+\\.[a-z_]+",
            "namespace.table or empty", "Recovery tests only: the next commit to this table (bronze.orders) stops after its data files are written and waits forever, for the test to kill -9 the run there.");

    public static final Setting<String> SCHEDULER_HOURLY_CRON = Setting.string("scheduler.warehouse-hourly.cron", "0 5 * * * ?",
            "Scheduler: when warehouse_hourly runs (Quartz cron, seconds first, UTC); each run covers the hour before it.");
    public static final Setting<String> SCHEDULER_MAINTENANCE_CRON = Setting.string("scheduler.warehouse-maintenance.cron", "0 30 3 * * ?",
            "Scheduler: when warehouse_maintenance runs (Quartz cron, UTC).");
    public static final Setting<Integer> SCHEDULER_MAX_CATCHUP_RUNS = Setting.integer("scheduler.max-catchup-runs", 3, 0, 10_000,
            "Scheduler: after an outage, at most this many of a catch-up DAG's missed intervals are run (the newest); older ones are collapsed into them.");
    public static final Setting<Integer> SCHEDULER_TASK_RETRIES = Setting.integer("scheduler.task-retries", 2, 0, 100,
            "Scheduler: retries of a failed warehouse task before it is failed.");
    public static final Setting<Long> SCHEDULER_RETRY_DELAY_MS = Setting.longValue("scheduler.retry-delay-ms", 30_000, 0, 86_400_000,
            "Scheduler: delay before a task's first retry; each next one doubles (with jitter), up to 10 minutes.");
    public static final Setting<Long> SCHEDULER_TASK_TIMEOUT_MS = Setting.longValue("scheduler.task-timeout-ms", 3_600_000, 1_000, 7L * 86_400_000,
            "Scheduler: a warehouse task's try running longer than this is killed and counts as failed.");
    public static final Setting<Long> SCHEDULER_HEARTBEAT_TIMEOUT_MS = Setting.longValue("scheduler.heartbeat-timeout-ms", 30_000, 1_000, 3_600_000,
            "Scheduler: a running DAG run whose executor has not heartbeated for this long is reconciled (its task killed, the run resumed).");

    public static final Setting<String> TRINO_JAVA_HOME = Setting.matching("trino.java-home", "", "|\\S+", "a directory or empty",
            "Trino: the JDK 25 (or newer) it runs on; empty means $TRINO_JAVA_HOME, then /usr/lib/jvm/*25*, then $JAVA_HOME when it is 25+.");
    public static final Setting<String> TRINO_SERVER_DIR = Setting.matching("trino.server-dir", "", "|\\S+", "a directory or empty",
            "Trino: an unpacked trino-server 476 to run; empty means the tarball the build fetched, unpacked once under warehouse/target.");
    public static final Setting<String> TRINO_HEAP = Setting.matching("trino.heap", "1G", "\\d+[MG]", "a size such as 1G or 768M",
            "Trino: heap (-Xmx) of the Trino server JVM (RSS is about heap + 0.3 GB); 1G serves the milestone views on one machine.");
    public static final Setting<String> TRINO_QUERY_MAX_MEMORY = Setting.matching("trino.query-max-memory", "400MB", "\\d+[MG]B", "a size such as 400MB",
            "Trino: memory one query may use on the node (query.max-memory and query.max-memory-per-node); keep it under 40% of trino.heap.");
    public static final Setting<String> TRINO_URL = Setting.matching("trino.url", "", "|https?://\\S+", "an http(s) URL or empty",
            "Trino: the server wos sql, wos milestones and the demo query; empty means the trino stage on 127.0.0.1 (stage.trino.http-port).");
    public static final Setting<String> TRINO_USER = Setting.matching("trino.user", "wos", "[A-Za-z0-9_.-]+", "a user name",
            "Trino: the user the platform's queries run as.");
    public static final Setting<String> TRINO_READER_USER = Setting.matching("trino.marketplace-user", "wos_reader", "[a-z_][a-z0-9_]*",
            "a lower-case role name", "Trino: the read-only PostgreSQL role of the marketplace catalog (created with SELECT only, when missing).");
    public static final Setting<String> TRINO_READER_PASSWORD = Setting.string("trino.marketplace-password", "wos_reader",
            "Trino: password of trino.marketplace-user.");
    public static final Setting<String> TRINO_ICEBERG_CONF = Setting.matching("trino.iceberg-conf", "", "|[^=,\\s]+=[^,]*(,[^=,\\s]+=[^,]*)*",
            "key=value,key=value", "Trino: extra properties of the iceberg catalog (fs.native-s3.enabled=true, s3.endpoint=... for an S3 warehouse).");

    /** Each fraud rule (by name) and the prefix of the settings that are its thresholds: what a rule update may change. */
    public static final Map<String, String> FRAUD_RULE_SETTINGS = Map.of(
            "card-testing", "fraud.card-testing.", "account-farm", "fraud.account-farm.", "referral-abuse", "fraud.referral.",
            "refund-abuse", "fraud.refund-abuse.", "order-velocity", "fraud.velocity.", "amount-anomaly", "fraud.amount.",
            "seller-collusion", "fraud.price-raise.");

    public static final List<Setting<?>> ALL = all();

    private static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(List.of(DATA_DIR,
                POSTGRES_EMBEDDED, POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DATABASE, POSTGRES_USER, POSTGRES_PASSWORD,
                POSTGRES_STOP_GRACE_MS, POSTGRES_MAX_SLOT_WAL_KEEP,
                KAFKA_EMBEDDED, KAFKA_BOOTSTRAP, KAFKA_CONTROLLER_PORT, KAFKA_PARTITIONS, KAFKA_REPLICATION,
                CDC_SLOT, CDC_PUBLICATION, CDC_POLL_MS, CDC_MAX_BATCH, CDC_OFFSET_FLUSH_MS, CDC_HEARTBEAT_MS, CDC_COLUMN_ALIASES,
                GMV_OUT_OF_ORDERNESS_MS, GMV_IDLE_MS, GMV_ALLOWED_LATENESS_MS, GMV_REFUND_WINDOW_MS, GMV_LIVE_HORIZON_MS, GMV_EMIT_INTERVAL_MS, GMV_CHECKPOINT_MS, GMV_PARALLELISM,
                FLINK_STATE_BACKEND, FLINK_BUFFER_TIMEOUT_MS, FLINK_CHECKPOINTS_RETAINED, FLINK_RESTART_ATTEMPTS, FLINK_RESTART_DELAY_MS, FLINK_REST_ADDRESS, PRODUCER_LINGER_MS, STAGES_ENABLED, STAGE_JVM_OPTIONS,
                RESTART_BACKOFF_INITIAL_MS, RESTART_BACKOFF_MAX_MS, HEALTHY_AFTER_MS, CRASH_LOOP_CRASHES, CRASH_LOOP_WINDOW_MS,
                STAGE_STOP_GRACE_MS, READY_TIMEOUT_MS,
                FRAUD_CARD_TESTING_FAILURES, FRAUD_CARD_TESTING_WINDOW_MS, FRAUD_FARM_SHARED_DEVICE, FRAUD_FARM_SHARED_ADDRESS, FRAUD_FARM_YOUNG_DAYS,
                FRAUD_RING_MAX_LENGTH, FRAUD_CANCEL_AFTER_REWARD_MS, FRAUD_REFUND_MIN_DELIVERIES, FRAUD_REFUND_TIMES_SEGMENT, FRAUD_REFUND_MIN_RATE, FRAUD_REFUND_SIGNIFICANCE,
                FRAUD_VELOCITY_WINDOW_MS, FRAUD_VELOCITY_TIMES_BASELINE, FRAUD_VELOCITY_MIN_HISTORY_DAYS, FRAUD_VELOCITY_YOUNG_DAYS, FRAUD_VELOCITY_YOUNG_CEILING,
                FRAUD_AMOUNT_DEVIATIONS, FRAUD_AMOUNT_MIN_ORDERS, FRAUD_PRICE_RAISE_RATIO, FRAUD_PRICE_RAISE_WITHIN_MS, FRAUD_PRICE_RAISE_MIN_LINE,
                FRAUD_STATE_TTL_MS, FRAUD_CHECKPOINT_MS, FRAUD_PARALLELISM,
                RECO_FEED_SIZE, RECO_LIST_SIZE, RECO_HALF_LIFE_DAYS, RECO_MIN_SUPPORT, RECO_HISTORY_PRODUCTS, RECO_TREND_WINDOW_DAYS,
                RECO_TREND_BASELINE_DAYS, RECO_TREND_MIN_ORDERS, RECO_TREND_MIN_LIFT, RECO_WEIGHTS, RECO_LIST_INTERVAL_MS, RECO_CHECKPOINT_MS, RECO_PARALLELISM,
                FEED_BIND_ADDRESS, FEED_KEY_REFRESH_MS, FEED_MAX_LAG_RECORDS, FEED_MAX_STALENESS_MS,
                CONSOLE_BIND_ADDRESS, CONSOLE_SECURE_COOKIES, CONSOLE_MAX_FAILED_SIGN_INS, CONSOLE_LOCKOUT_MS, CONSOLE_SESSION_IDLE_MS, CONSOLE_LIVE_DAYS, CONSOLE_PUSH_INTERVAL_MS,
                WAREHOUSE_CATALOG, WAREHOUSE_CATALOG_DATABASE, WAREHOUSE_LOCATION, WAREHOUSE_SPARK_MASTER, WAREHOUSE_SHUFFLE_PARTITIONS,
                WAREHOUSE_SPARK_CONF, WAREHOUSE_PARALLEL_TABLES, WAREHOUSE_PII_SALT, WAREHOUSE_SNAPSHOT_RETENTION_HOURS, WAREHOUSE_ORPHAN_AGE_HOURS, WAREHOUSE_PAUSE_BEFORE_COMMIT,
                TRINO_JAVA_HOME, TRINO_SERVER_DIR, TRINO_HEAP, TRINO_QUERY_MAX_MEMORY, TRINO_URL, TRINO_USER, TRINO_READER_USER, TRINO_READER_PASSWORD, TRINO_ICEBERG_CONF,
                SCHEDULER_HOURLY_CRON, SCHEDULER_MAINTENANCE_CRON, SCHEDULER_MAX_CATCHUP_RUNS, SCHEDULER_TASK_RETRIES, SCHEDULER_RETRY_DELAY_MS,
                SCHEDULER_TASK_TIMEOUT_MS, SCHEDULER_HEARTBEAT_TIMEOUT_MS, SIMULATOR_CONNECTIONS));
        // Each stage owns its settings (heap, REST port): declared with the stage, listed here.
        for (StageDeclaration stage : WosStages.ALL) all.addAll(stage.settings());
        return List.copyOf(all);
    }
}
