package com.wholesaleos.orchestration.dag;

import com.wholesaleos.config.stage.StageDeclaration;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A task of a DAG: a stage run to completion in its own JVM, with its upstream tasks, retries and timeout.
 *
 * @param taskId     unique in its DAG
 * @param stage      what runs: the stage's main class, module classpath, heap and JVM options
 * @param upstream   tasks that must be done first (by {@code triggerRule})
 * @param retries    further tries after the first fails
 * @param retryDelay the first retry's delay; each further one doubles it, with jitter, up to {@code maxRetryDelay}
 * @param timeout    a try running longer is killed and counts as failed
 */
public record DagTask(String taskId, StageDeclaration stage, List<String> upstream, TriggerRule triggerRule, int retries,
                      Duration retryDelay, Duration maxRetryDelay, Duration timeout) {
    public DagTask {
        Objects.requireNonNull(taskId);
        Objects.requireNonNull(stage);
        upstream = List.copyOf(upstream);
        if (retries < 0) throw new IllegalArgumentException(taskId + ": retries < 0");
    }

    public static DagTask of(String taskId, StageDeclaration stage, String... upstream) {
        return new DagTask(taskId, stage, List.of(upstream), TriggerRule.ALL_SUCCESS, 2, Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofHours(1));
    }

    public DagTask withRetries(int retries, Duration retryDelay) {
        return new DagTask(taskId, stage, upstream, triggerRule, retries, retryDelay, maxRetryDelay, timeout);
    }

    public DagTask withTimeout(Duration timeout) {
        return new DagTask(taskId, stage, upstream, triggerRule, retries, retryDelay, maxRetryDelay, timeout);
    }

    public DagTask withTriggerRule(TriggerRule rule) {
        return new DagTask(taskId, stage, upstream, rule, retries, retryDelay, maxRetryDelay, timeout);
    }

    /** Tries in all: the first plus the retries. */
    public int maxTries() { return retries + 1; }
}
