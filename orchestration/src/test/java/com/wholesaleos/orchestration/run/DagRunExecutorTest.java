package com.wholesaleos.orchestration.run;

import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.orchestration.DagExecutors;
import com.wholesaleos.orchestration.dag.Dag;
import com.wholesaleos.orchestration.dag.DagRunState;
import com.wholesaleos.orchestration.dag.DagTask;
import com.wholesaleos.orchestration.dag.TaskState;
import com.wholesaleos.orchestration.schedule.CronSchedule;
import com.wholesaleos.orchestration.schedule.DataInterval;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DAG layer on a real PostgreSQL (the platform's migrations) with tasks as real processes: retries, failure
 * propagation, timeouts, an executor killed mid-run and reconciled, queue priority and max_active_runs.
 */
class DagRunExecutorTest {
    private static EmbeddedPostgres postgres;
    private static String url;

    @TempDir Path state;
    private RunHistory history;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        url = postgres.getJdbcUrl("postgres", "postgres");
        new MarketplaceDatabase(url, "postgres", "postgres").migrate();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void emptyHistory() throws Exception {
        history = new RunHistory(url, "postgres", "postgres");
        try (Connection c = history.connect(); var st = c.createStatement()) {
            st.execute("TRUNCATE orchestration.task_attempts, orchestration.task_instances, orchestration.dag_runs");
        }
    }

    /** Tasks "a" then "b", each a ScriptedTask (what each does is scripted in the state directory). */
    static Dag twoStepDag(int retries) {
        return new Dag("test_dag", "", "0 0 4 * * ?", List.of(
                DagTask.of("a", WosStages.WAREHOUSE_BRONZE).withRetries(retries, Duration.ofMillis(300)).withTimeout(Duration.ofMinutes(2)),
                DagTask.of("b", WosStages.WAREHOUSE_SILVER, "a").withRetries(retries, Duration.ofMillis(300))), 1, true);
    }

    /** Runs each task as a ScriptedTask JVM; the failures and sleeps per task come from files in the state directory. */
    static TaskLauncher launcher(Path state) {
        return (task, run, log) -> {
            Path config = state.resolve(task.taskId() + ".script");
            String[] script = Files.exists(config) ? Files.readString(config).trim().split(" ") : new String[] {"0", "0"};
            String java = ProcessHandle.current().info().command().orElse("java");
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"), ScriptedTask.class.getName(),
                    state.toString(), task.taskId(), script[0], script[1])
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        };
    }

    private void script(String task, int failFirst, long sleepMs) throws Exception {
        Files.writeString(state.resolve(task + ".script"), failFirst + " " + sleepMs);
    }

    private DagExecutors executors(Dag dag, String heartbeatTimeoutMs) {
        WosConfig config = WosConfig.defaults().with(Map.of("scheduler.heartbeat-timeout-ms", heartbeatTimeoutMs));
        DagRunExecutor executor = new DagRunExecutor(history, launcher(state), "test-" + ProcessHandle.current().pid(), state.resolve("logs"), new Random(1));
        return new DagExecutors(history, executor, List.of(dag), config);
    }

    private DagRun queue(Dag dag, String day) throws Exception {
        DataInterval interval = new CronSchedule(dag.schedule()).intervalFrom(Instant.parse(day + "T04:00:00Z"));
        return history.create(dag, DagRun.RunType.SCHEDULED, interval, null).orElseThrow();
    }

    private int tries(String task) throws Exception {
        Path f = state.resolve(task + ".tries");
        return Files.exists(f) ? Integer.parseInt(Files.readString(f).trim()) : 0;
    }

    @Test
    void aFailingTaskIsRetriedThenFailedAndItsDownstreamNeverRuns() throws Exception {
        Dag dag = twoStepDag(2);
        script("a", 99, 0);
        DagRun run = queue(dag, "2026-11-01");
        List<String> progress = new ArrayList<>();
        DagRun done = executors(dag, "30000").executeNext(Optional.empty(), progress::add).orElseThrow();

        assertEquals(DagRunState.FAILED, done.state());
        assertEquals(3, tries("a"), "the first try and two retries");
        assertEquals(0, tries("b"), "downstream of a failed task never runs");
        Map<String, RunHistory.TaskInstance> tis = history.taskInstances(run.runId());
        assertEquals(TaskState.FAILED, tis.get("a").state());
        assertEquals(TaskState.UPSTREAM_FAILED, tis.get("b").state());
        List<TaskAttempt> attempts = history.attempts(run.runId());
        assertEquals(List.of(1, 2, 3), attempts.stream().map(TaskAttempt::tryNumber).toList());
        assertTrue(attempts.stream().allMatch(a -> a.taskId().equals("a") && a.state().equals("failed") && a.error().startsWith("exit code 3")),
                attempts.toString());
        // Backoff: each retry starts no sooner than its delay (300 ms, then 600 ms, each at least 75% of it) after the try before.
        assertTrue(Duration.between(attempts.get(0).endDate(), attempts.get(1).startDate()).toMillis() >= 225);
        assertTrue(Duration.between(attempts.get(1).endDate(), attempts.get(2).startDate()).toMillis() >= 450);
        assertTrue(progress.stream().anyMatch(l -> l.contains("up_for_retry")), progress.toString());
        assertTrue(progress.stream().anyMatch(l -> l.contains("a: failing on purpose")), "the task's own output is shown: " + progress);
    }

    @Test
    void aTaskThatFailsOnceSucceedsOnItsRetry() throws Exception {
        Dag dag = twoStepDag(1);
        script("a", 1, 0);
        DagRun run = queue(dag, "2026-11-02");
        assertEquals(DagRunState.SUCCESS, executors(dag, "30000").executeNext(Optional.empty(), l -> {}).orElseThrow().state());
        assertEquals(List.of("a:1:failed", "a:2:success", "b:1:success"),
                history.attempts(run.runId()).stream().map(a -> a.taskId() + ":" + a.tryNumber() + ":" + a.state()).toList());
    }

    @Test
    void aTryOutlivingItsTimeoutIsKilledAndFails() throws Exception {
        Dag dag = new Dag("test_dag", "", "0 0 4 * * ?", List.of(
                DagTask.of("a", WosStages.WAREHOUSE_BRONZE).withRetries(0, Duration.ZERO).withTimeout(Duration.ofSeconds(2))), 1, true);
        script("a", 0, 120_000);
        DagRun run = queue(dag, "2026-11-03");
        assertEquals(DagRunState.FAILED, executors(dag, "30000").executeNext(Optional.empty(), l -> {}).orElseThrow().state());
        TaskAttempt only = history.attempts(run.runId()).get(0);
        assertTrue(only.error().startsWith("timed out"), only.error());
        assertTrue(Files.exists(state.resolve("a.running")), "killed before it could finish");
    }

    @Test
    void anExecutorKilledMidRunIsReconciledAndTheRunResumesWithoutOverlap() throws Exception {
        Dag dag = twoStepDag(2);
        script("a", 0, 20_000);
        DagRun run = queue(dag, "2026-11-04");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process doomed = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), ExecutorProcess.class.getName(),
                url, state.toString(), state.resolve("logs").toString()).inheritIO().start();
        // Wait until the doomed executor's task "a" is running, then kill the executor (kill -9); its task lives on.
        Awaitility.await("task a started").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> history.taskInstances(run.runId()).get("a").state() == TaskState.RUNNING && Files.exists(state.resolve("a.running")));
        long orphanPid = history.taskInstances(run.runId()).get("a").pid();
        doomed.destroyForcibly().waitFor();
        assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "the orphaned try is still running");

        // The next executor: the same run, now fast. It reconciles once the dead one's heartbeat is stale.
        script("a", 0, 0);
        DagExecutors next = executors(dag, "1500");
        Awaitility.await("the orphaned try reconciled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> next.reconcile() != 0);
        assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "the orphaned try was killed first");
        DagRun done = next.executeNext(Optional.empty(), l -> {}).orElseThrow();

        assertEquals(DagRunState.SUCCESS, done.state());
        assertFalse(Files.exists(state.resolve("overlap")), "two tries of one task ran at once");
        List<TaskAttempt> attempts = history.attempts(run.runId());
        assertEquals("a:1:failed", attempts.get(0).taskId() + ":" + attempts.get(0).tryNumber() + ":" + attempts.get(0).state());
        assertTrue(attempts.get(0).error().contains("stopped heartbeating"), attempts.get(0).error());
        assertEquals(List.of("a:2:success", "b:1:success"),
                attempts.subList(1, attempts.size()).stream().map(a -> a.taskId() + ":" + a.tryNumber() + ":" + a.state()).toList());
    }

    @Test
    void scheduledRunsGoBeforeBackfillsAndMaxActiveRunsHolds() throws Exception {
        Dag dag = twoStepDag(0);
        CronSchedule schedule = new CronSchedule(dag.schedule());
        for (DataInterval i : schedule.intervalsWithLogicalDates(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-03T23:00:00Z"))) {
            history.create(dag, DagRun.RunType.BACKFILL, i, "backfill");
        }
        DagRun scheduled = queue(dag, "2026-11-05");
        DagExecutors executors = executors(dag, "30000");
        // A run of the DAG is running elsewhere: max_active_runs 1 lets nothing else start.
        DagRun other = history.claimNext(Map.of(dag.dagId(), dag), "someone-else", Optional.empty()).orElseThrow();
        assertEquals(scheduled.runId(), other.runId(), "the scheduled run is claimed before older backfill runs");
        assertEquals(Optional.empty(), history.claimNext(Map.of(dag.dagId(), dag), "me", Optional.empty()));
        history.finishRun(other.runId(), DagRunState.SUCCESS);

        List<Instant> ran = new ArrayList<>();
        for (Optional<DagRun> r = executors.executeNext(Optional.empty(), l -> {}); r.isPresent(); r = executors.executeNext(Optional.empty(), l -> {})) {
            assertEquals(DagRunState.SUCCESS, r.get().state());
            ran.add(r.get().logicalDate());
        }
        assertEquals(List.of(Instant.parse("2026-10-01T04:00:00Z"), Instant.parse("2026-10-02T04:00:00Z"), Instant.parse("2026-10-03T04:00:00Z")), ran,
                "a backfill of three dates: three runs, oldest first");
        assertTrue(history.create(dag, DagRun.RunType.BACKFILL, schedule.intervalFrom(Instant.parse("2026-10-02T04:00:00Z")), null).isEmpty(),
                "one run per logical date");
    }
}
