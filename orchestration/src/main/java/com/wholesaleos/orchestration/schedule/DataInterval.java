package com.wholesaleos.orchestration.schedule;

import java.time.Instant;
import java.util.Objects;

/** The span of data a DAG run is for, [start, end); its logical date is the start (Airflow's words). */
public record DataInterval(Instant start, Instant end) {
    public DataInterval {
        Objects.requireNonNull(start);
        Objects.requireNonNull(end);
        if (!start.isBefore(end)) throw new IllegalArgumentException("empty data interval " + start + " .. " + end);
    }

    public Instant logicalDate() { return start; }
}
