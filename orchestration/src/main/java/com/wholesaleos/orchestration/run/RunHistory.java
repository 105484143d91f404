package com.wholesaleos.orchestration.run;

import com.wholesaleos.orchestration.dag.Dag;
import com.wholesaleos.orchestration.dag.DagRunState;
import com.wholesaleos.orchestration.dag.DagTask;
import com.wholesaleos.orchestration.dag.TaskState;
import com.wholesaleos.orchestration.schedule.DataInterval;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DAG runs, task instances and attempts in PostgreSQL ({@code orchestration.*}, migration V6). Every state change
 * is one short transaction, so a scheduler that dies leaves a history that says exactly how far it got.
 */
public final class RunHistory {
    private final String url;
    private final String user;
    private final String password;

    public RunHistory(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** A run of the interval, with its start as logical date (scheduled and backfill runs). */
    public Optional<DagRun> create(Dag dag, DagRun.RunType type, DataInterval interval, String note) throws SQLException {
        return create(dag, type, interval.logicalDate(), interval, note);
    }

    /**
     * Creates a queued run with every task in state none, unless the DAG already has a run for that logical date. A
     * manual run's logical date is when it was triggered, so it never takes a scheduled interval's place.
     */
    public Optional<DagRun> create(Dag dag, DagRun.RunType type, Instant logicalDate, DataInterval interval, String note) throws SQLException {
        String runId = DagRun.idFor(type, logicalDate);
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO orchestration.dag_runs (run_id, dag_id, logical_date, data_interval_start, data_interval_end, run_type, state, note)
                    VALUES (?, ?, ?, ?, ?, ?, 'queued', ?) ON CONFLICT DO NOTHING""")) {
                ps.setString(1, runId);
                ps.setString(2, dag.dagId());
                ps.setTimestamp(3, Timestamp.from(logicalDate));
                ps.setTimestamp(4, Timestamp.from(interval.start()));
                ps.setTimestamp(5, Timestamp.from(interval.end()));
                ps.setString(6, type.dbName());
                ps.setString(7, note);
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    return Optional.empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO orchestration.task_instances (run_id, task_id, state, max_tries) VALUES (?, ?, 'none', ?)")) {
                for (DagTask t : dag.tasks()) {
                    ps.setString(1, runId);
                    ps.setString(2, t.taskId());
                    ps.setInt(3, t.maxTries());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return run(runId);
    }

    /**
     * Queues an existing run again (a backfill that reprocesses it, a manual rerun): its unfinished or failed tasks,
     * or all of them, go back to none. A run that is running is left alone.
     */
    public boolean requeue(Dag dag, String runId, boolean allTasks, String note) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE orchestration.dag_runs SET state = 'queued', start_date = NULL, end_date = NULL, queued_at = now(), note = ? "
                            + "WHERE run_id = ? AND state <> 'running'")) {
                ps.setString(1, note);
                ps.setString(2, runId);
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
            }
            // A task run again gets its full tries anew, counted on from the tries it had.
            try (PreparedStatement ps = c.prepareStatement("UPDATE orchestration.task_instances SET state = 'none', next_retry_at = NULL, error = NULL, "
                    + "max_tries = try_number + ? WHERE run_id = ? AND task_id = ?" + (allTasks ? "" : " AND state <> 'success'"))) {
                for (DagTask t : dag.tasks()) {
                    ps.setInt(1, t.maxTries());
                    ps.setString(2, runId);
                    ps.setString(3, t.taskId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            return true;
        }
    }

    /**
     * Claims the next queued run for this executor: scheduled and manual runs before backfills (a backfill never
     * starves the schedule), oldest logical date first, and only for a DAG below its max_active_runs.
     */
    public Optional<DagRun> claimNext(Map<String, Dag> dags, String executor, Optional<String> onlyRunId) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            // One claimer at a time: the max_active_runs check and the claim must not interleave with another's.
            try (var st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(hashtext('wos.orchestration.claim'))");
            }
            Map<String, Integer> active = new LinkedHashMap<>();
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT dag_id, count(*) FROM orchestration.dag_runs WHERE state = 'running' GROUP BY dag_id")) {
                while (rs.next()) active.put(rs.getString(1), rs.getInt(2));
            }
            String sql = "SELECT run_id, dag_id FROM orchestration.dag_runs WHERE state = 'queued'"
                    + (onlyRunId.isPresent() ? " AND run_id = ?" : "")
                    + " ORDER BY CASE run_type WHEN 'backfill' THEN 1 ELSE 0 END, logical_date, queued_at";
            String claimed = null;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (onlyRunId.isPresent()) ps.setString(1, onlyRunId.get());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && claimed == null) {
                        Dag dag = dags.get(rs.getString(2));
                        if (dag == null) continue; // a DAG this executor does not know
                        if (active.getOrDefault(dag.dagId(), 0) < dag.maxActiveRuns()) claimed = rs.getString(1);
                    }
                }
            }
            if (claimed == null) {
                c.rollback();
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE orchestration.dag_runs SET state = 'running', executor = ?, heartbeat_at = now(), "
                    + "start_date = coalesce(start_date, now()) WHERE run_id = ?")) {
                ps.setString(1, executor);
                ps.setString(2, claimed);
                ps.executeUpdate();
            }
            c.commit();
            return run(claimed);
        }
    }

    public void heartbeat(String runId, String executor) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE orchestration.dag_runs SET heartbeat_at = now() WHERE run_id = ? AND executor = ?")) {
            ps.setString(1, runId);
            ps.setString(2, executor);
            ps.executeUpdate();
        }
    }

    public void finishRun(String runId, DagRunState state) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE orchestration.dag_runs SET state = ?, end_date = now(), executor = NULL WHERE run_id = ?")) {
            ps.setString(1, state.dbName());
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    /** A task instance's state and try count. */
    public record TaskInstance(String taskId, TaskState state, int tryNumber, int maxTries, Instant nextRetryAt, Long pid, String error) {}

    public Map<String, TaskInstance> taskInstances(String runId) throws SQLException {
        Map<String, TaskInstance> out = new LinkedHashMap<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT task_id, state, try_number, max_tries, next_retry_at, pid, error FROM orchestration.task_instances WHERE run_id = ? ORDER BY task_id")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp retry = rs.getTimestamp(5);
                    long pid = rs.getLong(6);
                    out.put(rs.getString(1), new TaskInstance(rs.getString(1), TaskState.of(rs.getString(2)), rs.getInt(3), rs.getInt(4),
                            retry == null ? null : retry.toInstant(), rs.wasNull() ? null : pid, rs.getString(7)));
                }
            }
        }
        return out;
    }

    public void setTaskState(String runId, String taskId, TaskState state, String error) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE orchestration.task_instances SET state = ?, error = coalesce(?, error), "
                        + "end_date = CASE WHEN ? THEN now() ELSE end_date END WHERE run_id = ? AND task_id = ?")) {
            ps.setString(1, state.dbName());
            ps.setString(2, error);
            ps.setBoolean(3, state.isFinished());
            ps.setString(4, runId);
            ps.setString(5, taskId);
            ps.executeUpdate();
        }
    }

    /** A try starts: the task is running with the next try number; an attempt row records it. Returns the try number. */
    public int startAttempt(String runId, String taskId, long pid, String logFile) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            int tryNumber;
            try (PreparedStatement ps = c.prepareStatement("UPDATE orchestration.task_instances SET state = 'running', try_number = try_number + 1, "
                    + "start_date = now(), end_date = NULL, next_retry_at = NULL, pid = ? WHERE run_id = ? AND task_id = ? RETURNING try_number")) {
                ps.setLong(1, pid);
                ps.setString(2, runId);
                ps.setString(3, taskId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    tryNumber = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orchestration.task_attempts (run_id, task_id, try_number, state, start_date, pid, log_file) "
                    + "VALUES (?, ?, ?, 'running', now(), ?, ?)")) {
                ps.setString(1, runId);
                ps.setString(2, taskId);
                ps.setInt(3, tryNumber);
                ps.setLong(4, pid);
                ps.setString(5, logFile);
                ps.executeUpdate();
            }
            c.commit();
            return tryNumber;
        }
    }

    /** A try ended: its attempt row gets its outcome; the task instance its new state (success, up_for_retry, failed). */
    public void finishAttempt(String runId, String taskId, int tryNumber, boolean succeeded, TaskState next, Instant nextRetryAt, String error)
            throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE orchestration.task_attempts SET state = ?, end_date = now(), error = ? "
                    + "WHERE run_id = ? AND task_id = ? AND try_number = ?")) {
                ps.setString(1, succeeded ? "success" : "failed");
                ps.setString(2, error);
                ps.setString(3, runId);
                ps.setString(4, taskId);
                ps.setInt(5, tryNumber);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE orchestration.task_instances SET state = ?, error = ?, pid = NULL, next_retry_at = ?, "
                    + "end_date = now() WHERE run_id = ? AND task_id = ?")) {
                ps.setString(1, next.dbName());
                ps.setString(2, error);
                ps.setTimestamp(3, nextRetryAt == null ? null : Timestamp.from(nextRetryAt));
                ps.setString(4, runId);
                ps.setString(5, taskId);
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    /** A running task left behind by an executor that stopped heartbeating. */
    public record Orphan(String runId, String taskId, int tryNumber, int maxTries, Long pid) {}

    /**
     * Runs whose executor stopped heartbeating more than {@code staleAfter} ago, and their running tasks: what a
     * starting scheduler reconciles (Airflow's zombie tasks).
     */
    public List<Orphan> orphans(Duration staleAfter) throws SQLException {
        List<Orphan> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT r.run_id, t.task_id, t.try_number, t.max_tries, t.pid FROM orchestration.dag_runs r
                LEFT JOIN orchestration.task_instances t ON t.run_id = r.run_id AND t.state IN ('queued', 'running')
                WHERE r.state = 'running' AND (r.heartbeat_at IS NULL OR r.heartbeat_at < now() - make_interval(secs => ?))""")) {
            ps.setDouble(1, staleAfter.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long pid = rs.getLong(5);
                    out.add(new Orphan(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.wasNull() ? null : pid));
                }
            }
        }
        return out;
    }

    /**
     * Puts a run whose executor died back in the queue; its task that was running counts that try as failed (then up
     * for retry, or failed when it had no tries left), and is never run twice at once: the caller kills its process first.
     */
    public void requeueOrphan(Orphan orphan, String error) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            if (orphan.taskId() != null) {
                boolean triesLeft = orphan.tryNumber() < orphan.maxTries();
                try (PreparedStatement ps = c.prepareStatement("UPDATE orchestration.task_attempts SET state = 'failed', end_date = now(), error = ? "
                        + "WHERE run_id = ? AND task_id = ? AND try_number = ? AND end_date IS NULL")) {
                    ps.setString(1, error);
                    ps.setString(2, orphan.runId());
                    ps.setString(3, orphan.taskId());
                    ps.setInt(4, orphan.tryNumber());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE orchestration.task_instances SET state = ?, pid = NULL, error = ?, "
                        + "next_retry_at = CASE WHEN ? THEN now() END, end_date = now() WHERE run_id = ? AND task_id = ?")) {
                    ps.setString(1, triesLeft ? TaskState.UP_FOR_RETRY.dbName() : TaskState.FAILED.dbName());
                    ps.setString(2, error);
                    ps.setBoolean(3, triesLeft);
                    ps.setString(4, orphan.runId());
                    ps.setString(5, orphan.taskId());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE orchestration.dag_runs SET state = 'queued', executor = NULL, heartbeat_at = NULL WHERE run_id = ? AND state = 'running'")) {
                ps.setString(1, orphan.runId());
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    public Optional<DagRun> run(String runId) throws SQLException {
        List<DagRun> runs = runs("WHERE run_id = ?", runId, 1);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    public Optional<DagRun> run(String dagId, Instant logicalDate) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT run_id FROM orchestration.dag_runs WHERE dag_id = ? AND logical_date = ?")) {
            ps.setString(1, dagId);
            ps.setTimestamp(2, Timestamp.from(logicalDate));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? run(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The newest runs first, optionally of one DAG. */
    public List<DagRun> recent(Optional<String> dagId, int limit) throws SQLException {
        return dagId.isPresent() ? runs("WHERE dag_id = ?", dagId.get(), limit) : runs("", null, limit);
    }

    /** The end of the newest scheduled interval of a DAG: where catch-up starts. */
    public Optional<Instant> lastScheduledEnd(String dagId) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT max(data_interval_end) FROM orchestration.dag_runs WHERE dag_id = ? AND run_type = 'scheduled'")) {
            ps.setString(1, dagId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? Optional.empty() : Optional.of(t.toInstant());
            }
        }
    }

    private List<DagRun> runs(String where, String arg, int limit) throws SQLException {
        List<DagRun> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT run_id, dag_id, data_interval_start, data_interval_end, run_type, state, queued_at, start_date, end_date, executor, note, logical_date "
                        + "FROM orchestration.dag_runs " + where + " ORDER BY logical_date DESC, queued_at DESC LIMIT " + limit)) {
            if (arg != null) ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DagRun(rs.getString(1), rs.getString(2), rs.getTimestamp(12).toInstant(), new DataInterval(rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()),
                            DagRun.RunType.valueOf(rs.getString(5).toUpperCase(java.util.Locale.ROOT)), DagRunState.of(rs.getString(6)),
                            instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), rs.getString(10), rs.getString(11)));
                }
            }
        }
        return out;
    }

    /** Every attempt of a run's tasks, in order. */
    public List<TaskAttempt> attempts(String runId) throws SQLException {
        List<TaskAttempt> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT r.dag_id, a.run_id, r.logical_date, a.task_id, a.try_number, a.state, a.start_date, a.end_date, a.error, a.log_file
                FROM orchestration.task_attempts a JOIN orchestration.dag_runs r ON r.run_id = a.run_id
                WHERE a.run_id = ? ORDER BY a.start_date, a.try_number""")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TaskAttempt(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getInt(5),
                            rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), rs.getString(9), rs.getString(10)));
                }
            }
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
