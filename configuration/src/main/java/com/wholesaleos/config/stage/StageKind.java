package com.wholesaleos.config.stage;

/** How the launcher runs a stage. */
public enum StageKind {
    /** Runs until stopped; supervised and restarted when it dies (capture, Flink jobs, servers). */
    LONG_RUNNING,
    /** Started by a schedule, runs to completion (a Spark task of a DAG run). */
    SCHEDULED,
    /** Started once on demand, runs to completion (provisioning, a backfill). */
    ONE_SHOT
}
