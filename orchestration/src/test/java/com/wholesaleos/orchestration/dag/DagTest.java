package com.wholesaleos.orchestration.dag;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.stage.WosStages;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DagTest {
    private static DagTask task(String id, String... upstream) {
        return DagTask.of(id, WosStages.WAREHOUSE_BRONZE, upstream);
    }

    private final Dag diamond = new Dag("d", "", "0 5 * * * ?", List.of(task("c", "a", "b"), task("a"), task("b", "a"), task("d", "c")), 1, true);

    @Test
    void ordersTasksAfterTheirUpstreamAndFindsLeaves() {
        List<String> order = diamond.topologicalOrder().stream().map(DagTask::taskId).toList();
        assertEquals(List.of("a", "b", "c", "d"), order);
        assertEquals(List.of("d"), diamond.leaves().stream().map(DagTask::taskId).toList());
        assertEquals(Set.of("b", "c", "d"), diamond.downstreamOf("a"));
    }

    @Test
    void refusesCyclesUnknownUpstreamAndDuplicates() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Dag("x", "", "0 5 * * * ?", List.of(task("a", "b"), task("b", "a")), 1, true))
                .getMessage().contains("cycle"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Dag("x", "", "0 5 * * * ?", List.of(task("a", "z")), 1, true))
                .getMessage().contains("unknown task z"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Dag("x", "", "0 5 * * * ?", List.of(task("a"), task("a")), 1, true))
                .getMessage().contains("twice"));
    }

    @Test
    void allSuccessWaitsThenRunsOrFailsEarly() {
        TriggerRule r = TriggerRule.ALL_SUCCESS;
        assertEquals(Optional.empty(), r.decide(List.of(TaskState.SUCCESS, TaskState.RUNNING)));
        assertEquals(Optional.of(TaskState.RUNNING), r.decide(List.of(TaskState.SUCCESS, TaskState.SKIPPED)));
        assertEquals(Optional.of(TaskState.UPSTREAM_FAILED), r.decide(List.of(TaskState.FAILED, TaskState.RUNNING)));
        assertEquals(Optional.of(TaskState.UPSTREAM_FAILED), r.decide(List.of(TaskState.UPSTREAM_FAILED)));
        assertEquals(Optional.of(TaskState.RUNNING), r.decide(List.of()));
    }

    @Test
    void allDoneRunsWhateverTheUpstreamOutcome() {
        assertEquals(Optional.empty(), TriggerRule.ALL_DONE.decide(List.of(TaskState.FAILED, TaskState.UP_FOR_RETRY)));
        assertEquals(Optional.of(TaskState.RUNNING), TriggerRule.ALL_DONE.decide(List.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED)));
    }

    @Test
    void aRunsStateComesFromItsLeaves() {
        assertEquals(DagRunState.RUNNING, DagRunState.of(diamond, Map.of("a", TaskState.SUCCESS)));
        assertEquals(DagRunState.SUCCESS, DagRunState.of(diamond, Map.of("d", TaskState.SUCCESS)));
        assertEquals(DagRunState.FAILED, DagRunState.of(diamond, Map.of("a", TaskState.FAILED, "d", TaskState.UPSTREAM_FAILED)));
        assertEquals(DagRunState.RUNNING, DagRunState.of(diamond, Map.of("a", TaskState.FAILED, "d", TaskState.NONE)));
    }

    @Test
    void theWarehouseDagsAreDeclaredAsTheIssueNamesThem() {
        var dags = WarehouseDags.all(com.wholesaleos.config.WosConfig.defaults());
        assertEquals(List.of("warehouse_hourly", "warehouse_maintenance"), dags.stream().map(Dag::dagId).toList());
        assertEquals(List.of("bronze", "silver", "gold", "milestones"), dags.get(0).topologicalOrder().stream().map(DagTask::taskId).toList());
    }
}
