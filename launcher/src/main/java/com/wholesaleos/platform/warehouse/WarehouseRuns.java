package com.wholesaleos.platform.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.orchestration.DagExecutors;
import com.wholesaleos.orchestration.WarehouseScheduler;
import com.wholesaleos.orchestration.dag.Dag;
import com.wholesaleos.orchestration.dag.DagRunState;
import com.wholesaleos.orchestration.dag.WarehouseDags;
import com.wholesaleos.orchestration.run.DagRun;
import com.wholesaleos.orchestration.run.DagRunExecutor;
import com.wholesaleos.orchestration.run.RunHistory;
import com.wholesaleos.orchestration.run.StageTaskLauncher;
import com.wholesaleos.orchestration.schedule.CronSchedule;
import com.wholesaleos.orchestration.schedule.DataInterval;
import com.wholesaleos.platform.launcher.StageProcess;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Warehouse DAG runs started from the command line ({@code wos batch run}, {@code backfill}, {@code wos demo}): the
 * run is queued in the run history like a scheduled one, then this process executes it with the scheduler's own
 * executor (tasks as stage JVMs, retries, heartbeats), or follows it when another executor holds it. So a run needs no
 * scheduler to be up, and a scheduler that is up reconciles it if this process is killed.
 */
public final class WarehouseRuns implements AutoCloseable {
    /** What a backfill does with dates that already have a run (Airflow's reprocess behaviour). */
    public enum Reprocess { NONE, FAILED, ALL }

    private final WosConfig config;
    private final RunHistory history;
    private final Map<String, Dag> dags = new java.util.LinkedHashMap<>();
    private final DagExecutors executors;
    private final Path configFile;

    public WarehouseRuns(WosConfig config) throws IOException {
        this.config = config;
        this.history = WarehouseScheduler.history(config);
        WarehouseDags.all(config).forEach(d -> dags.put(d.dagId(), d));
        this.configFile = Files.createTempFile("wos-batch-", ".properties",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        config.writeTo(configFile);
        DagRunExecutor executor = new DagRunExecutor(history, new StageTaskLauncher(config, configFile), "cli-" + ProcessHandle.current().pid(),
                config.dataDir().resolve("logs").resolve("dags"), new Random());
        this.executors = new DagExecutors(history, executor, List.copyOf(dags.values()), config);
    }

    public RunHistory history() { return history; }

    public Map<String, Dag> dags() { return dags; }

    public Dag dag(String dagId) {
        Dag dag = dags.get(dagId);
        if (dag == null) throw new ConfigException("unknown DAG '" + dagId + "'; DAGs: " + String.join(", ", dags.keySet()));
        return dag;
    }

    /**
     * A manual run: for the schedule's interval starting at {@code date} when given, else for the data up to now.
     * A date that already has a run runs it again (its unfinished and failed tasks).
     */
    public DagRun trigger(String dagId, Optional<Instant> date, Consumer<String> progress) throws SQLException, InterruptedException {
        Dag dag = dag(dagId);
        CronSchedule schedule = new CronSchedule(dag.schedule());
        DataInterval interval;
        Instant logicalDate;
        if (date.isPresent()) {
            interval = schedule.intervalFrom(date.get());
            logicalDate = interval.logicalDate();
        } else {
            logicalDate = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            interval = new DataInterval(schedule.previous(logicalDate), logicalDate);
        }
        DagRun run = history.create(dag, DagRun.RunType.MANUAL, logicalDate, interval, "wos batch run").orElse(null);
        if (run == null) {
            run = history.run(dagId, logicalDate).orElseThrow();
            history.requeue(dag, run.runId(), false, "wos batch run (again)");
        }
        return await(run.runId(), progress);
    }

    /** Runs for every interval whose logical date lies in [from, to]; existing runs as {@code reprocess} says. */
    public List<DagRun> backfill(String dagId, Instant from, Instant to, Reprocess reprocess, Consumer<String> progress)
            throws SQLException, InterruptedException {
        Dag dag = dag(dagId);
        List<String> runIds = new ArrayList<>();
        for (DataInterval interval : new CronSchedule(dag.schedule()).intervalsWithLogicalDates(from, to)) {
            Optional<DagRun> created = history.create(dag, DagRun.RunType.BACKFILL, interval, "backfill " + from + " .. " + to);
            if (created.isPresent()) {
                runIds.add(created.get().runId());
                continue;
            }
            DagRun existing = history.run(dagId, interval.logicalDate()).orElseThrow();
            boolean again = switch (reprocess) {
                case NONE -> false;
                case FAILED -> existing.state() == DagRunState.FAILED;
                case ALL -> existing.state() != DagRunState.RUNNING;
            };
            if (again) history.requeue(dag, existing.runId(), reprocess == Reprocess.ALL, "backfill (reprocess " + reprocess.name().toLowerCase() + ")");
            progress.accept(existing.runId() + ": " + (again ? "queued again" : "exists (" + existing.state().dbName() + "), left alone"));
            if (again) runIds.add(existing.runId());
        }
        progress.accept(dagId + ": backfill of " + runIds.size() + " run(s)");
        List<DagRun> out = new ArrayList<>();
        for (String runId : runIds) out.add(await(runId, progress));
        return out;
    }

    /**
     * Executes the run here once it may start (its DAG's max_active_runs, scheduled runs first), or, when another
     * executor holds it, follows it until it ends.
     */
    private DagRun await(String runId, Consumer<String> progress) throws SQLException, InterruptedException {
        String lastState = "";
        while (true) {
            executors.reconcile();
            DagRun run = history.run(runId).orElseThrow();
            if (run.state() == DagRunState.SUCCESS || run.state() == DagRunState.FAILED) return run;
            if (run.state() == DagRunState.QUEUED) {
                // Claims by priority within the DAG: a queued scheduled run is executed first, a backfill waits its turn.
                Optional<DagRun> ran = executors.executeNext(Optional.empty(), progress);
                if (ran.isPresent()) continue;
            }
            String state = run.state().dbName() + (run.executor() == null ? "" : " by " + run.executor());
            if (!state.equals(lastState)) progress.accept(runId + ": " + state);
            lastState = state;
            Thread.sleep(1_000);
        }
    }

    /** The gold daily GMV mart's total per "day|currency", read by a Spark run of its own. */
    public Map<String, BigDecimal> goldGmvByDay() throws IOException, InterruptedException {
        JsonNode doc = inspect("--gmv-by-day");
        Map<String, BigDecimal> out = new TreeMap<>();
        for (JsonNode d : doc.path("gmv_by_day")) out.put(d.get("day").asText() + "|" + d.get("currency").asText(), new BigDecimal(d.get("gmv").asText()));
        return out;
    }

    /** Runs queries on the warehouse (Spark SQL, in a Spark run of its own); each one's rows as lists of strings. */
    public List<List<List<String>>> query(String... queries) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        for (String q : queries) args.addAll(List.of("--sql", q));
        JsonNode doc = inspect(args.toArray(String[]::new));
        List<List<List<String>>> out = new ArrayList<>();
        for (JsonNode result : doc.get("results")) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode row : result) {
                List<String> values = new ArrayList<>();
                row.forEach(v -> values.add(v.isNull() ? null : v.asText()));
                rows.add(values);
            }
            out.add(rows);
        }
        return out;
    }

    /** The catalog's tables, snapshots, rows and files. */
    public JsonNode tables() throws IOException, InterruptedException {
        return inspect();
    }

    private JsonNode inspect(String... args) throws IOException, InterruptedException {
        StringBuilder json = new StringBuilder();
        List<String> tail = new ArrayList<>();
        int code = StageProcess.runOnce(WosStages.WAREHOUSE_TABLES, config, List.of(args), line -> {
            if (line.startsWith("WAREHOUSE_JSON ")) json.append(line.substring("WAREHOUSE_JSON ".length()));
            else {
                tail.add(line);
                if (tail.size() > 20) tail.remove(0);
            }
        });
        if (code != 0 || json.isEmpty()) {
            throw new IllegalStateException("warehouse-tables exited " + code + ":\n" + String.join("\n", tail));
        }
        return new ObjectMapper().readTree(json.toString());
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(configFile);
    }
}
