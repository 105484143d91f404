package com.wholesaleos.warehouse.milestone;

import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.warehouse.trino.TrinoEndpoint;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code milestones} task of {@code warehouse_hourly}, after gold: the one writer of the growth plan's tables, the
 * milestone views and their materialized tables ({@link MilestoneRefresh}). It runs through the platform's Trino; when no
 * Trino is part of the platform (the trino stage not enabled and no {@code trino.url}) there is nothing to refresh.
 */
@Command(name = "warehouse-milestones", description = "Refresh the milestone views' materialized tables through Trino.")
public final class MilestoneRefreshTask implements Callable<Integer> {
    @Option(names = "--config", description = "Resolved platform configuration (properties).")
    Path config;

    @Option(names = "--run-id", description = "The DAG run this task belongs to, recorded beside the figures.")
    String runId = "manual";

    @Option(names = "--data-interval-start", description = "Accepted like every warehouse task's; the milestones read whole marts.")
    Instant dataIntervalStart;

    @Option(names = "--data-interval-end", description = "Accepted like every warehouse task's; the milestones read whole marts.")
    Instant dataIntervalEnd;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MilestoneRefreshTask()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        WosConfig conf = StageLaunch.configuration(config == null ? new String[0] : new String[] {"--config", config.toString()}, "warehouse-milestones");
        boolean trinoHere = conf.get(WosSettings.STAGES_ENABLED).contains(WosStages.TRINO.name());
        if (!trinoHere && conf.get(WosSettings.TRINO_URL).isBlank()) {
            System.out.println("skipped: no Trino in this platform (the trino stage is not in " + WosSettings.STAGES_ENABLED.key()
                    + " and " + WosSettings.TRINO_URL.key() + " is empty)");
            return 0;
        }
        long started = System.nanoTime();
        awaitTrino(conf);
        try (Connection trino = TrinoEndpoint.connect(conf)) {
            MilestoneRefresh.Outcome outcome = MilestoneRefresh.refresh(trino, conf, runId);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (outcome instanceof MilestoneRefresh.Waiting w) {
                System.out.println("milestones wait: " + w.reason());
            } else if (outcome instanceof MilestoneRefresh.Unchanged u) {
                System.out.printf("milestones current (inputs %s); nothing to do (%.1f s)%n", u.inputsVersion(), seconds);
            } else if (outcome instanceof MilestoneRefresh.Refreshed r) {
                System.out.printf("milestones refreshed for run %s (inputs %s) in %.1f s%n", runId, r.inputsVersion(), seconds);
            }
        }
        return 0;
    }

    /** Trino may still be starting (its start on a loaded machine takes minutes): wait as long as its stage's readiness does. */
    private static void awaitTrino(WosConfig conf) throws InterruptedException {
        long timeoutMs = WosStages.TRINO.readyTimeoutMs(conf);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        long nextNote = 0;
        while (!TrinoEndpoint.acceptsQueries(conf)) {
            if (System.nanoTime() > deadline) {
                throw new ConfigException("Trino at " + TrinoEndpoint.url(conf) + " did not answer within " + timeoutMs + " ms ("
                        + WosStages.TRINO.readyTimeout().key() + "); see wos status");
            }
            if (System.nanoTime() > nextNote) {
                System.out.println("waiting for Trino at " + TrinoEndpoint.url(conf) + " ...");
                nextNote = System.nanoTime() + 15_000_000_000L;
            }
            Thread.sleep(1_000);
        }
    }
}
