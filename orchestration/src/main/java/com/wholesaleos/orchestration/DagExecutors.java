package com.wholesaleos.orchestration;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.orchestration.dag.Dag;
import com.wholesaleos.orchestration.run.DagRun;
import com.wholesaleos.orchestration.run.DagRunExecutor;
import com.wholesaleos.orchestration.run.RunHistory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims queued DAG runs and executes them; reconciles runs left behind by an executor that died. The scheduler runs
 * one in a loop; {@code wos batch run} uses one for its own run when no scheduler is up.
 */
public final class DagExecutors {
    private static final Logger LOG = LoggerFactory.getLogger(DagExecutors.class);

    private final RunHistory history;
    private final DagRunExecutor executor;
    private final Map<String, Dag> dags = new LinkedHashMap<>();
    private final Duration heartbeatTimeout;

    public DagExecutors(RunHistory history, DagRunExecutor executor, List<Dag> dags, WosConfig config) {
        this.history = history;
        this.executor = executor;
        dags.forEach(d -> this.dags.put(d.dagId(), d));
        this.heartbeatTimeout = Duration.ofMillis(config.get(WosSettings.SCHEDULER_HEARTBEAT_TIMEOUT_MS));
    }

    public RunHistory history() { return history; }
    public Map<String, Dag> dags() { return dags; }

    /**
     * Runs left running by an executor that stopped heartbeating: each one's running task process is killed if it is
     * still alive here (so a task never runs twice at once), that try counts as failed, and the run is queued again.
     */
    public int reconcile() throws SQLException {
        int n = 0;
        for (RunHistory.Orphan orphan : history.orphans(heartbeatTimeout)) {
            if (orphan.pid() != null) {
                ProcessHandle.of(orphan.pid()).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
            }
            history.requeueOrphan(orphan, "executor stopped heartbeating; try " + orphan.tryNumber() + " abandoned");
            LOG.warn("reconciled run {} (task {} try {}): queued again", orphan.runId(), orphan.taskId(), orphan.tryNumber());
            n++;
        }
        return n;
    }

    /** Claims and executes the next queued run (or the one named); empty when none may run now. */
    public Optional<DagRun> executeNext(Optional<String> runId, Consumer<String> progress) throws SQLException, InterruptedException {
        Optional<DagRun> claimed = history.claimNext(dags, executor.executorId(), runId);
        if (claimed.isEmpty()) return Optional.empty();
        DagRun run = claimed.get();
        progress.accept(run.dagId() + " " + run.runId() + ": running (data interval " + run.interval().start() + " .. " + run.interval().end() + ")");
        executor.execute(dags.get(run.dagId()), run, progress);
        return history.run(run.runId());
    }
}
