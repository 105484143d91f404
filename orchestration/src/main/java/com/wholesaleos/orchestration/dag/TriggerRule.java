package com.wholesaleos.orchestration.dag;

import java.util.Collection;
import java.util.Optional;

/** When a task may run, given its upstream tasks' states (Airflow's trigger rules; the default is all_success). */
public enum TriggerRule {
    /** Every upstream task succeeded (or was skipped); any failure makes this one upstream_failed. */
    ALL_SUCCESS,
    /** Every upstream task finished, whatever its state: clean-ups and reports. */
    ALL_DONE,
    /** No upstream task failed (skipped ones are fine). */
    NONE_FAILED;

    /**
     * What becomes of a task whose upstream tasks are in these states: empty while it must wait, RUNNING when it may
     * run (the executor queues it), UPSTREAM_FAILED when it never will.
     */
    public Optional<TaskState> decide(Collection<TaskState> upstream) {
        if (!upstream.stream().allMatch(TaskState::isFinished)) {
            // all_success can fail early: one failed upstream is enough.
            if (this != ALL_DONE && upstream.stream().anyMatch(s -> s == TaskState.FAILED || s == TaskState.UPSTREAM_FAILED)) {
                return Optional.of(TaskState.UPSTREAM_FAILED);
            }
            return Optional.empty();
        }
        return switch (this) {
            case ALL_DONE -> Optional.of(TaskState.RUNNING);
            case ALL_SUCCESS, NONE_FAILED -> upstream.stream().anyMatch(s -> s == TaskState.FAILED || s == TaskState.UPSTREAM_FAILED)
                    ? Optional.of(TaskState.UPSTREAM_FAILED) : Optional.of(TaskState.RUNNING);
        };
    }
}
