package com.wholesaleos.platform.devtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A report finds the newest saved run it compares with among the repository's bench-results/. */
class BenchResultsTest {
    @Test
    void theNewestSavedMvpRunOfTheDefaultBenchmarkIsFound() throws Exception {
        Map<String, Object> mvp = BenchResults.latest("bench", f -> !f.has("phase") || f.get("phase").asText().equals("mvp")).orElseThrow();
        String file = (String) mvp.get("file");
        assertTrue(file.matches("bench-\\d{8}-\\d{6}\\.json"), file);
        assertTrue(((Map<?, ?>) mvp.get("figures")).containsKey("capture_events_per_second"), mvp.toString());
    }

    @Test
    void nothingIsFoundWhenNoRunQualifies() throws Exception {
        assertEquals(java.util.Optional.empty(), BenchResults.latest("bench", f -> false));
        assertEquals(java.util.Optional.empty(), BenchResults.latest("no-such-benchmark", f -> true));
    }
}
