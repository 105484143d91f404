package com.wholesaleos.orchestration;

import com.wholesaleos.orchestration.dag.Dag;
import com.wholesaleos.orchestration.run.DagRun;
import com.wholesaleos.orchestration.schedule.CronSchedule;
import java.sql.SQLException;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * What a DAG's Quartz cron trigger does when it fires: queue the run for the interval that just ended. Quartz keeps
 * the schedule (durable, in PostgreSQL); the DAG layer does the rest, so a fire is cheap and never blocks Quartz.
 */
@DisallowConcurrentExecution
public final class DagTriggerJob implements Job {
    static final String DAG_ID = "dag_id";
    static final String EXECUTORS = "wos.executors";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            DagExecutors executors = (DagExecutors) context.getScheduler().getContext().get(EXECUTORS);
            Dag dag = executors.dags().get(context.getMergedJobDataMap().getString(DAG_ID));
            if (dag == null) return; // a DAG removed since its trigger was stored
            var interval = new CronSchedule(dag.schedule()).intervalEndingAt(context.getScheduledFireTime().toInstant());
            executors.history().create(dag, DagRun.RunType.SCHEDULED, interval, null);
        } catch (SchedulerException | SQLException e) {
            throw new JobExecutionException(e, false);
        }
    }
}
