package com.wholesaleos.orchestration.run;

import com.wholesaleos.orchestration.dag.Dag;
import com.wholesaleos.orchestration.dag.DagRunState;
import com.wholesaleos.orchestration.dag.DagTask;
import com.wholesaleos.orchestration.dag.TaskState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs one claimed DAG run to its end: each task whose upstream tasks allow it (its trigger rule) runs in a process
 * of its own, one at a time (2 cores: Spark runs use both); a try that fails or outlives its timeout is retried after
 * its backoff until its tries are spent, then failed, and its downstream tasks become upstream_failed. Every change
 * goes to the run history first. While it works it heartbeats the run, so a scheduler that dies mid-run is noticed
 * and the run resumed by the next one, never run twice at once.
 */
public final class DagRunExecutor {
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final java.util.regex.Pattern LOG_LINE = java.util.regex.Pattern.compile("^(\\d{2}:\\d{2}:\\d{2}|\\d{4}-\\d{2}-\\d{2}|WARNING|SLF4J|Exception|Caused by)");

    private final RunHistory history;
    private final TaskLauncher launcher;
    private final String executorId;
    private final Path logRoot;
    private final RandomGenerator random;

    public DagRunExecutor(RunHistory history, TaskLauncher launcher, String executorId, Path logRoot, RandomGenerator random) {
        this.history = history;
        this.launcher = launcher;
        this.executorId = executorId;
        this.logRoot = logRoot;
        this.random = random;
    }

    public String executorId() { return executorId; }

    /** Runs the run (claimed by this executor) until its leaves are finished; returns its final state. */
    public DagRunState execute(Dag dag, DagRun run, Consumer<String> progress) throws SQLException, InterruptedException {
        while (true) {
            Map<String, RunHistory.TaskInstance> instances = history.taskInstances(run.runId());
            Map<String, TaskState> states = new HashMap<>();
            instances.forEach((k, v) -> states.put(k, v.state()));
            DagRunState runState = DagRunState.of(dag, states);
            if (runState != DagRunState.RUNNING) {
                history.finishRun(run.runId(), runState);
                progress.accept(dag.dagId() + " " + run.runId() + ": " + runState.dbName());
                return runState;
            }
            boolean acted = false;
            Instant earliestRetry = null;
            for (DagTask task : dag.topologicalOrder()) {
                RunHistory.TaskInstance ti = instances.get(task.taskId());
                TaskState state = ti == null ? TaskState.NONE : ti.state();
                if (state == TaskState.NONE || state == TaskState.SCHEDULED || state == TaskState.QUEUED) {
                    List<TaskState> upstream = new ArrayList<>();
                    for (String u : task.upstream()) upstream.add(states.getOrDefault(u, TaskState.NONE));
                    Optional<TaskState> decision = task.triggerRule().decide(upstream);
                    if (decision.isEmpty()) continue;
                    if (decision.get() == TaskState.UPSTREAM_FAILED) {
                        history.setTaskState(run.runId(), task.taskId(), TaskState.UPSTREAM_FAILED, "an upstream task failed");
                        progress.accept(task.taskId() + ": upstream_failed");
                    } else {
                        runTry(dag, task, run, progress);
                    }
                    acted = true;
                    break; // states changed: look again from the top
                }
                if (state == TaskState.UP_FOR_RETRY) {
                    Instant due = ti.nextRetryAt() == null ? Instant.now() : ti.nextRetryAt();
                    if (!due.isAfter(Instant.now())) {
                        runTry(dag, task, run, progress);
                        acted = true;
                        break;
                    }
                    earliestRetry = earliestRetry == null || due.isBefore(earliestRetry) ? due : earliestRetry;
                }
            }
            if (!acted) {
                // Waiting for a retry's backoff: heartbeat meanwhile.
                long waitMs = earliestRetry == null ? 200 : Math.max(50, Duration.between(Instant.now(), earliestRetry).toMillis());
                history.heartbeat(run.runId(), executorId);
                Thread.sleep(Math.min(waitMs, HEARTBEAT.toMillis()));
            }
        }
    }

    private void runTry(Dag dag, DagTask task, DagRun run, Consumer<String> progress) throws SQLException, InterruptedException {
        history.setTaskState(run.runId(), task.taskId(), TaskState.QUEUED, null);
        int expectedTry = history.taskInstances(run.runId()).get(task.taskId()).tryNumber() + 1;
        Path log = logRoot.resolve(dag.dagId()).resolve(run.runId().replace(':', '-')).resolve(task.taskId() + "." + expectedTry + ".log");
        Process process;
        try {
            process = launcher.start(task, run, log);
        } catch (IOException e) {
            int tryNumber = history.startAttempt(run.runId(), task.taskId(), -1, log.toString());
            finish(task, run, tryNumber, false, "could not start: " + e.getMessage(), progress);
            return;
        }
        int tryNumber = history.startAttempt(run.runId(), task.taskId(), process.pid(), log.toString());
        progress.accept(task.taskId() + ": running (try " + tryNumber + "/" + maxTries(run, task) + ", pid " + process.pid() + ", log " + log + ")");
        Instant deadline = Instant.now().plus(task.timeout());
        long shown = 0;
        boolean timedOut = false;
        while (!process.waitFor(HEARTBEAT.toMillis() / 5, TimeUnit.MILLISECONDS)) {
            shown = forward(log, shown, task, progress);
            history.heartbeat(run.runId(), executorId);
            if (Instant.now().isAfter(deadline)) {
                timedOut = true;
                process.destroyForcibly();
                process.waitFor();
                break;
            }
        }
        forward(log, shown, task, progress);
        int exit = process.exitValue();
        boolean ok = !timedOut && exit == 0;
        String error = ok ? null : timedOut ? "timed out after " + task.timeout() : "exit code " + exit + lastLines(log);
        finish(task, run, tryNumber, ok, error, progress);
    }

    private void finish(DagTask task, DagRun run, int tryNumber, boolean ok, String error, Consumer<String> progress) throws SQLException {
        if (ok) {
            history.finishAttempt(run.runId(), task.taskId(), tryNumber, true, TaskState.SUCCESS, null, null);
            progress.accept(task.taskId() + ": success");
            return;
        }
        int maxTries = maxTries(run, task);
        if (tryNumber < maxTries) {
            Instant retryAt = Instant.now().plus(new RetryPolicy(task.retryDelay(), task.maxRetryDelay()).delayAfter(tryNumber, random));
            history.finishAttempt(run.runId(), task.taskId(), tryNumber, false, TaskState.UP_FOR_RETRY, retryAt, error);
            progress.accept(task.taskId() + ": up_for_retry at " + retryAt + " (" + error + ")");
        } else {
            history.finishAttempt(run.runId(), task.taskId(), tryNumber, false, TaskState.FAILED, null, error);
            progress.accept(task.taskId() + ": failed after " + tryNumber + " tries (" + error + ")");
        }
    }

    private int maxTries(DagRun run, DagTask task) throws SQLException {
        return history.taskInstances(run.runId()).get(task.taskId()).maxTries();
    }

    /** Hands the task's new output lines to the progress consumer (wos batch run shows them while it works). */
    private static long forward(Path log, long from, DagTask task, Consumer<String> progress) {
        try {
            if (!Files.exists(log)) return from;
            byte[] all = Files.readAllBytes(log);
            if (all.length <= from) return from;
            String text = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) return from;
            for (String line : text.substring(0, end).split("\n")) {
                // The task's own report lines; log lines (timestamped) and stack traces stay in its log.
                if (!line.isBlank() && !LOG_LINE.matcher(line).find() && !Character.isWhitespace(line.charAt(0))) progress.accept("  " + line);
            }
            return from + text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            return from;
        }
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return tail.isEmpty() ? "" : ": " + String.join(" | ", tail);
        } catch (IOException e) {
            return "";
        }
    }
}
