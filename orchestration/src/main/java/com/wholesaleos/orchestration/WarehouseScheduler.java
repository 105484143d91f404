package com.wholesaleos.orchestration;

import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.orchestration.dag.Dag;
import com.wholesaleos.orchestration.dag.WarehouseDags;
import com.wholesaleos.orchestration.run.DagRun;
import com.wholesaleos.orchestration.run.DagRunExecutor;
import com.wholesaleos.orchestration.run.RunHistory;
import com.wholesaleos.orchestration.run.StageTaskLauncher;
import com.wholesaleos.orchestration.schedule.CronSchedule;
import com.wholesaleos.orchestration.schedule.DataInterval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse scheduler stage: Quartz (JDBC job store in PostgreSQL, so schedules survive restarts; clustered mode,
 * so its check-ins say it is alive) fires each DAG's cron trigger, which queues a DAG run; an executor loop claims
 * queued runs and executes their tasks as stage JVMs. At start it reconciles runs a dead scheduler left running and
 * catches up the intervals missed while it was down (at most {@code scheduler.max-catchup-runs} per DAG).
 */
public final class WarehouseScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseScheduler.class);
    public static final String QUARTZ_SCHEDULER_NAME = "wos-warehouse";
    public static final String TABLE_PREFIX = "orchestration.qrtz_";
    public static final long CHECKIN_INTERVAL_MS = 5_000;

    public static void main(String[] args) throws Exception {
        WosConfig config = StageLaunch.configuration(args, "scheduler");
        RunHistory history = history(config);
        Path configFile = Files.createTempFile("wos-scheduler-", ".properties",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        configFile.toFile().deleteOnExit();
        config.writeTo(configFile);
        String executorId = "scheduler-" + ProcessHandle.current().pid();
        List<Dag> dags = WarehouseDags.all(config);
        DagExecutors executors = new DagExecutors(history, new DagRunExecutor(history, new StageTaskLauncher(config, configFile), executorId,
                config.dataDir().resolve("logs").resolve("dags"), new Random()), dags, config);

        int reconciled = executors.reconcile();
        if (reconciled > 0) LOG.warn("reconciled {} run(s) left running by a scheduler that died", reconciled);
        catchUp(config, history, dags);

        Scheduler quartz = new StdSchedulerFactory(quartzProperties(config)).getScheduler();
        quartz.getContext().put(DagTriggerJob.EXECUTORS, executors);
        for (Dag dag : dags) schedule(quartz, dag);
        quartz.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                quartz.shutdown(false);
            } catch (Exception e) {
                LOG.warn("quartz shutdown: {}", e.toString());
            }
        }, "scheduler-shutdown"));
        LOG.info("scheduler up: {}", dags.stream().map(d -> d.dagId() + " [" + d.schedule() + "]").toList());
        while (true) {
            executors.reconcile();
            Optional<DagRun> ran = executors.executeNext(Optional.empty(), line -> LOG.info("{}", line));
            if (ran.isEmpty()) Thread.sleep(1_000);
        }
    }

    public static RunHistory history(WosConfig config) {
        return new RunHistory(config.jdbcUrl(), config.get(WosSettings.POSTGRES_USER), config.get(WosSettings.POSTGRES_PASSWORD));
    }

    /** Missed intervals since the last scheduled run, the newest few; a DAG never scheduled before starts from now. */
    static void catchUp(WosConfig config, RunHistory history, List<Dag> dags) throws Exception {
        Instant now = Instant.now();
        int max = config.get(WosSettings.SCHEDULER_MAX_CATCHUP_RUNS);
        for (Dag dag : dags) {
            if (!dag.catchup()) continue;
            Optional<Instant> lastEnd = history.lastScheduledEnd(dag.dagId());
            if (lastEnd.isEmpty()) continue;
            CronSchedule.CatchUp catchUp = new CronSchedule(dag.schedule()).catchUp(lastEnd.get(), now, max);
            for (DataInterval interval : catchUp.intervals()) {
                history.create(dag, DagRun.RunType.SCHEDULED, interval, catchUp.skipped() > 0
                        ? "catch-up; " + catchUp.skipped() + " older missed interval(s) collapsed into the newest runs" : "catch-up");
            }
            if (!catchUp.intervals().isEmpty()) {
                LOG.info("{}: catching up {} missed interval(s), {} older collapsed", dag.dagId(), catchUp.intervals().size(), catchUp.skipped());
            }
        }
    }

    /** One durable job and cron trigger per DAG; a changed schedule replaces the stored trigger. */
    private static void schedule(Scheduler quartz, Dag dag) throws Exception {
        JobKey jobKey = JobKey.jobKey(dag.dagId(), "dags");
        JobDetail job = JobBuilder.newJob(DagTriggerJob.class).withIdentity(jobKey).usingJobData(DagTriggerJob.DAG_ID, dag.dagId())
                .withDescription(dag.description()).storeDurably().build();
        // Missed fires are not fired late by Quartz: catch-up at start decides what runs, bounded.
        CronTrigger trigger = TriggerBuilder.newTrigger().withIdentity(TriggerKey.triggerKey(dag.dagId(), "dags")).forJob(jobKey)
                .withSchedule(CronScheduleBuilder.cronSchedule(dag.schedule()).inTimeZone(TimeZone.getTimeZone("UTC"))
                        .withMisfireHandlingInstructionDoNothing())
                .build();
        quartz.addJob(job, true);
        Trigger existing = quartz.getTrigger(trigger.getKey());
        if (existing == null) {
            quartz.scheduleJob(trigger);
        } else if (!(existing instanceof CronTrigger c) || !c.getCronExpression().equals(dag.schedule())) {
            quartz.rescheduleJob(trigger.getKey(), trigger);
        }
    }

    static Properties quartzProperties(WosConfig config) {
        Properties p = new Properties();
        p.put("org.quartz.scheduler.instanceName", QUARTZ_SCHEDULER_NAME);
        p.put("org.quartz.scheduler.instanceId", "AUTO");
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        p.put("org.quartz.threadPool.threadCount", "2");
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.tablePrefix", TABLE_PREFIX);
        p.put("org.quartz.jobStore.dataSource", "wos");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", Long.toString(CHECKIN_INTERVAL_MS));
        p.put("org.quartz.jobStore.misfireThreshold", "60000");
        p.put("org.quartz.dataSource.wos.provider", "hikaricp");
        p.put("org.quartz.dataSource.wos.driver", "org.postgresql.Driver");
        p.put("org.quartz.dataSource.wos.URL", config.jdbcUrl());
        p.put("org.quartz.dataSource.wos.user", config.get(WosSettings.POSTGRES_USER));
        p.put("org.quartz.dataSource.wos.password", config.get(WosSettings.POSTGRES_PASSWORD));
        p.put("org.quartz.dataSource.wos.maxConnections", "3");
        return p;
    }
}
