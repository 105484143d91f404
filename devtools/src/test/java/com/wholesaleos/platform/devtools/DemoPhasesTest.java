package com.wholesaleos.platform.devtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPhasesTest {
    @Test
    void eachPhaseIsTimedInOrderAndAPhaseEnteredTwiceAddsUp() {
        List<String> shown = new ArrayList<>();
        DemoPhases phases = new DemoPhases(shown::add);
        phases.begin("start");
        phases.begin("simulate");
        phases.begin("catch-up");
        phases.begin("simulate");
        phases.end();
        assertEquals(List.of("start", "simulate", "catch-up"), List.copyOf(phases.seconds().keySet()));
        assertTrue(phases.seconds().values().stream().allMatch(s -> s >= 0));
        assertEquals(List.of("phase start ...", "phase simulate ...", "phase catch-up ...", "phase simulate ..."), shown, "progress names each phase");
    }

    @Test
    void aFailureNamesThePhaseItHappenedInAndReadsAsJsonWithMatchFalse() {
        DemoPhases phases = new DemoPhases(m -> {});
        phases.begin("start");
        phases.begin("trino");
        IllegalStateException cause = new IllegalStateException("stages not ready: trino (failed: ...)");
        DemoPhases.Failed failed = phases.failed(cause);
        assertEquals("trino", failed.phase());
        assertSame(cause, failed.getCause());
        assertSame(failed, phases.failed(failed), "a failure is not wrapped twice");
        var json = failed.json();
        assertFalse(json.get("match").asBoolean());
        assertEquals("trino", json.get("failed_step").asText());
        assertEquals(cause.getMessage(), json.get("error").asText());
        assertTrue(json.get("phases_s").has("start") && json.get("phases_s").has("trino"), json.toString());
    }
}
