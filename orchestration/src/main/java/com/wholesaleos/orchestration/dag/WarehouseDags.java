package com.wholesaleos.orchestration.dag;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import java.time.Duration;
import java.util.List;

/** The warehouse's DAGs. Their tasks are the warehouse stages; their schedules are settings. */
public final class WarehouseDags {
    private WarehouseDags() {}

    public static final String HOURLY = "warehouse_hourly";
    public static final String MAINTENANCE = "warehouse_maintenance";

    public static List<Dag> all(WosConfig config) {
        Duration timeout = Duration.ofMillis(config.get(WosSettings.SCHEDULER_TASK_TIMEOUT_MS));
        int retries = config.get(WosSettings.SCHEDULER_TASK_RETRIES);
        Duration retryDelay = Duration.ofMillis(config.get(WosSettings.SCHEDULER_RETRY_DELAY_MS));
        Dag hourly = new Dag(HOURLY, "bronze (change topics -> changelogs) -> silver (current state, history) -> gold (marts) -> milestones (through Trino)",
                config.get(WosSettings.SCHEDULER_HOURLY_CRON), List.of(
                        DagTask.of("bronze", WosStages.WAREHOUSE_BRONZE).withRetries(retries, retryDelay).withTimeout(timeout),
                        DagTask.of("silver", WosStages.WAREHOUSE_SILVER, "bronze").withRetries(retries, retryDelay).withTimeout(timeout),
                        DagTask.of("gold", WosStages.WAREHOUSE_GOLD, "silver").withRetries(retries, retryDelay).withTimeout(timeout),
                        // The one writer of the milestone tables (through Trino), so readers never race to rewrite them.
                        DagTask.of("milestones", WosStages.WAREHOUSE_MILESTONES, "gold").withRetries(retries, retryDelay).withTimeout(timeout)),
                1, true);
        Dag maintenance = new Dag(MAINTENANCE, "snapshot expiry, data-file compaction, orphan-file removal on every warehouse table",
                config.get(WosSettings.SCHEDULER_MAINTENANCE_CRON), List.of(
                        DagTask.of("maintenance", WosStages.WAREHOUSE_MAINTENANCE).withRetries(retries, retryDelay).withTimeout(timeout)),
                1, false);
        return List.of(hourly, maintenance);
    }
}
