package com.wholesaleos.orchestration.run;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delay before a task's next try: exponential backoff (the first retry waits {@code base}, each next one twice as
 * long, up to {@code max}) with ±25% jitter, so tasks that failed together (a database restart) do not retry together.
 */
public record RetryPolicy(Duration base, Duration max) {
    static final double JITTER = 0.25;

    /** The delay after try number {@code failedTry} (1-based) failed. */
    public Duration delayAfter(int failedTry, RandomGenerator random) {
        double exponential = base.toMillis() * Math.pow(2, Math.max(0, failedTry - 1));
        double capped = Math.min(exponential, max.toMillis());
        double jittered = capped * (1 - JITTER + 2 * JITTER * random.nextDouble());
        return Duration.ofMillis(Math.round(jittered));
    }
}
