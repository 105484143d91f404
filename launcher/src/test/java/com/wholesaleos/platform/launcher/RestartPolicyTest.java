package com.wholesaleos.platform.launcher;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static long delay(RestartPolicy.Decision d) {
        return assertInstanceOf(RestartPolicy.Restart.class, d).delayMs();
    }

    @Test
    void backoffDoublesPerCrashInARowUpToTheMaximum() {
        RestartPolicy p = new RestartPolicy(500, 3_000, 60_000, 100, 1_000);
        long t = 0;
        p.started(t);
        assertEquals(500, delay(p.crashed(t += 2_000)));
        p.started(t);
        assertEquals(1_000, delay(p.crashed(t += 2_000)));
        p.started(t);
        assertEquals(2_000, delay(p.crashed(t += 2_000)));
        p.started(t);
        assertEquals(3_000, delay(p.crashed(t += 2_000)));
        p.started(t);
        assertEquals(3_000, delay(p.crashed(t += 2_000)));
    }

    @Test
    void backoffResetsAfterTheStageRanHealthy() {
        RestartPolicy p = new RestartPolicy(500, 10_000, 60_000, 100, 1_000);
        p.started(0);
        p.crashed(1_000);
        p.started(1_500);
        assertEquals(1_000, delay(p.crashed(2_000)));
        p.started(3_000);
        assertEquals(500, delay(p.crashed(3_000 + 60_000)), "ran healthy for healthy-after-ms: a new incident starts at the initial delay");
        assertEquals(1, p.crashesInARow());
    }

    @Test
    void crashLoopWithinTheWindowGivesUpButSpreadOutCrashesDoNot() {
        RestartPolicy loop = new RestartPolicy(10, 10, 60_000, 3, 30_000);
        loop.started(0);
        delay(loop.crashed(1_000));
        loop.started(1_000);
        delay(loop.crashed(2_000));
        loop.started(2_000);
        var gaveUp = assertInstanceOf(RestartPolicy.GiveUp.class, loop.crashed(3_000));
        assertTrue(gaveUp.reason().contains("supervision.crash-loop-crashes=3"), gaveUp.reason());

        RestartPolicy spread = new RestartPolicy(10, 10, 60_000, 3, 30_000);
        long t = 0;
        for (int i = 0; i < 10; i++) {
            spread.started(t);
            delay(spread.crashed(t += 20_000)); // two crashes per 30 s window at most
        }
    }
}
