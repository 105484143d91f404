package com.wholesaleos.orchestration.run;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(10));

    @Test
    void delaysDoubleWithinTheJitterAndStopAtTheMaximum() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            for (int tryNumber = 1; tryNumber <= 8; tryNumber++) {
                double nominal = Math.min(30_000 * Math.pow(2, tryNumber - 1), 600_000);
                long d = policy.delayAfter(tryNumber, random).toMillis();
                assertTrue(d >= nominal * 0.75 - 1 && d <= nominal * 1.25 + 1, "try " + tryNumber + ": " + d + " vs " + nominal);
            }
        }
    }

    @Test
    void jitterSpreadsRetriesThatFailedTogether() {
        SplittableRandom random = new SplittableRandom(1);
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> policy.delayAfter(1, random).toMillis()).distinct().count();
        assertTrue(distinct > 40, "distinct delays: " + distinct);
    }
}
