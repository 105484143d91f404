package com.wholesaleos.orchestration.dag;

import java.util.Locale;
import java.util.Map;

/** A DAG run's state: queued, running, or, once its leaf tasks are finished, success or failed (Airflow's rule). */
public enum DagRunState {
    QUEUED, RUNNING, SUCCESS, FAILED;

    /**
     * The state a run's task states imply, from its leaves: running until every leaf is finished; then failed when a
     * leaf failed or could not run (upstream_failed), success when every leaf succeeded or was skipped.
     */
    public static DagRunState of(Dag dag, Map<String, TaskState> states) {
        boolean failed = false;
        for (DagTask leaf : dag.leaves()) {
            TaskState s = states.getOrDefault(leaf.taskId(), TaskState.NONE);
            if (!s.isFinished()) return RUNNING;
            failed |= s == TaskState.FAILED || s == TaskState.UPSTREAM_FAILED;
        }
        return failed ? FAILED : SUCCESS;
    }

    public String dbName() { return name().toLowerCase(Locale.ROOT); }

    public static DagRunState of(String dbName) { return valueOf(dbName.toUpperCase(Locale.ROOT)); }
}
