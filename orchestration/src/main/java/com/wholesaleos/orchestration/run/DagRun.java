package com.wholesaleos.orchestration.run;

import com.wholesaleos.orchestration.dag.DagRunState;
import com.wholesaleos.orchestration.schedule.DataInterval;
import java.time.Instant;
import java.util.Locale;

/** One run of a DAG, as the run history holds it. */
public record DagRun(String runId, String dagId, Instant logicalDate, DataInterval interval, RunType runType, DagRunState state,
                     Instant queuedAt, Instant startDate, Instant endDate, String executor, String note) {

    /** Why a run exists (Airflow's run types). */
    public enum RunType {
        SCHEDULED, MANUAL, BACKFILL;

        public String dbName() { return name().toLowerCase(Locale.ROOT); }
    }

    /** Airflow's run ids: {@code scheduled__2026-12-01T10:00:00Z}. */
    public static String idFor(RunType type, Instant logicalDate) {
        return type.dbName() + "__" + logicalDate;
    }
}
