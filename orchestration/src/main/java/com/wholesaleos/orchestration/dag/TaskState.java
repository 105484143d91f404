package com.wholesaleos.orchestration.dag;

import java.util.Locale;

/** A task instance's state, with Airflow's names and meanings. */
public enum TaskState {
    NONE, SCHEDULED, QUEUED, RUNNING, SUCCESS, FAILED, UP_FOR_RETRY, UPSTREAM_FAILED, SKIPPED;

    /** Finished for good: nothing more will happen to it in this run. */
    public boolean isFinished() {
        return this == SUCCESS || this == FAILED || this == UPSTREAM_FAILED || this == SKIPPED;
    }

    public String dbName() { return name().toLowerCase(Locale.ROOT); }

    public static TaskState of(String dbName) { return valueOf(dbName.toUpperCase(Locale.ROOT)); }
}
