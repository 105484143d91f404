package com.wholesaleos.warehouse.milestone;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The plan as versioned in the repository: the phases and targets of the growth plan, and the checks on any edit of it. */
class GrowthPlanTest {
    private final GrowthPlan plan = GrowthPlan.load();

    private BigDecimal target(String phase, String metric) {
        return plan.targets().stream().filter(t -> t.phase().equals(phase) && t.metric().equals(metric)).findFirst().orElseThrow().target();
    }

    @Test
    void holdsThePlansPhasesAndTargets() {
        Map<String, Integer> months = plan.targets().stream().collect(Collectors.toMap(GrowthPlan.Target::phase, GrowthPlan.Target::months, (a, b) -> a));
        assertEquals(Map.of("MVP", 6, "Phase 1", 12, "Phase 2", 18, "Phase 3", 24, "Phase 4", 36), months);
        assertEquals(0, new BigDecimal("500000").compareTo(target("MVP", "gmv")));
        assertEquals(0, new BigDecimal("4.0").compareTo(target("MVP", "average_rating")));
        assertEquals(0, new BigDecimal("0.40").compareTo(target("Phase 1", "activation")));
        assertEquals(0, new BigDecimal("280000").compareTo(target("Phase 1", "revenue")));
        assertEquals(0, new BigDecimal("100").compareTo(target("Phase 2", "distributors")));
        assertEquals(0, new BigDecimal("0.60").compareTo(target("Phase 3", "repeat_purchase")));
        assertEquals(0, new BigDecimal("100000").compareTo(target("Phase 4", "retailers")));
        assertEquals(0, new BigDecimal("30000000").compareTo(target("Phase 4", "revenue")));
        assertEquals(28, plan.targets().size());
    }

    @Test
    void uptimeIsDeclaredUnmeasuredSoItIsNeverShownAsMet() {
        assertFalse(plan.metric("uptime").measured());
        assertEquals(List.of("uptime"), plan.metrics().stream().filter(m -> !m.measured()).map(GrowthPlan.Metric::metric).toList());
    }

    @Test
    void anEditThatBreaksThePlanIsRefusedNamingWhat() {
        var metrics = plan.metrics();
        var criteria = plan.criteria();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new GrowthPlan(metrics,
                List.of(new GrowthPlan.Target("MVP", 0, 6, "gmvv", BigDecimal.ONE)), criteria, "x"));
        assertTrue(unknown.getMessage().contains("unknown metric gmvv"));
        IllegalArgumentException ratio = assertThrows(IllegalArgumentException.class, () -> new GrowthPlan(metrics,
                List.of(new GrowthPlan.Target("MVP", 0, 6, "activation", new BigDecimal("40"))), criteria, "x"));
        assertTrue(ratio.getMessage().contains("ratio"));
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> new GrowthPlan(metrics,
                List.of(new GrowthPlan.Target("A", 0, 12, "gmv", BigDecimal.ONE), new GrowthPlan.Target("B", 1, 6, "gmv", BigDecimal.TEN)), criteria, "x"));
        assertTrue(order.getMessage().contains("must end after"));
    }

    @Test
    void theVersionChangesWithTheViewsOrThePlan() {
        assertEquals(MilestoneViews.version(plan), MilestoneViews.version(GrowthPlan.load()));
        GrowthPlan edited = new GrowthPlan(plan.metrics(), plan.targets(), plan.criteria(), "other");
        assertNotEquals(MilestoneViews.version(plan), MilestoneViews.version(edited));
    }
}
