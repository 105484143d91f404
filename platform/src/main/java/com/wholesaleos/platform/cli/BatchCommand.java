package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wholesaleos.orchestration.dag.Dag;
import com.wholesaleos.orchestration.dag.DagRunState;
import com.wholesaleos.orchestration.dag.DagTask;
import com.wholesaleos.orchestration.run.DagRun;
import com.wholesaleos.orchestration.run.RunHistory;
import com.wholesaleos.orchestration.run.TaskAttempt;
import com.wholesaleos.orchestration.schedule.CronSchedule;
import com.wholesaleos.platform.warehouse.WarehouseRuns;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "The warehouse's DAGs (Spark runs into Iceberg, scheduled by Quartz): list, run, backfill, history, tables.",
        subcommands = {BatchCommand.Dags.class, BatchCommand.Run.class, BatchCommand.Backfill.class, BatchCommand.Runs.class, BatchCommand.Tables.class})
final class BatchCommand implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** A date (start of that UTC day) or an instant. */
    static Instant parseDate(String text, String option) {
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new CommandLine.ParameterException(new CommandLine(new BatchCommand()),
                        option + ": '" + text + "' is neither a date (2026-11-30) nor an instant (2026-11-30T10:00:00Z)");
            }
        }
    }

    @Command(name = "dags", mixinStandardHelpOptions = true, description = "List the DAGs: schedule, tasks, next run, last run.")
    static final class Dags implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--json", description = "One JSON document.") boolean json;

        @Override
        public Integer call() throws Exception {
            try (WarehouseRuns runs = new WarehouseRuns(options.client())) {
                ArrayNode out = new ObjectMapper().createArrayNode();
                for (Dag dag : runs.dags().values()) {
                    ObjectNode n = out.addObject();
                    n.put("dag_id", dag.dagId());
                    n.put("description", dag.description());
                    n.put("schedule", dag.schedule());
                    n.put("next_run", new CronSchedule(dag.schedule()).next(Instant.now()).toString());
                    n.put("catchup", dag.catchup());
                    n.put("max_active_runs", dag.maxActiveRuns());
                    ArrayNode tasks = n.putArray("tasks");
                    for (DagTask t : dag.topologicalOrder()) {
                        tasks.addObject().put("task_id", t.taskId()).put("stage", t.stage().name()).put("upstream", String.join(",", t.upstream()))
                                .put("retries", t.retries()).put("timeout", t.timeout().toString()).put("trigger_rule", t.triggerRule().name().toLowerCase());
                    }
                    List<DagRun> last = runs.history().recent(Optional.of(dag.dagId()), 1);
                    if (!last.isEmpty()) n.put("last_run", last.get(0).runId()).put("last_state", last.get(0).state().dbName());
                }
                PrintWriter w = spec.commandLine().getOut();
                if (json) {
                    w.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
                } else {
                    w.printf("%-24s %-14s %-22s %-36s %s%n", "DAG", "SCHEDULE", "NEXT RUN", "TASKS", "LAST RUN");
                    for (JsonNode n : out) {
                        StringBuilder chain = new StringBuilder();
                        for (JsonNode t : n.get("tasks")) chain.append(chain.isEmpty() ? "" : " -> ").append(t.get("task_id").asText());
                        w.printf("%-24s %-14s %-22s %-36s %s%n", n.get("dag_id").asText(), n.get("schedule").asText(), n.get("next_run").asText(),
                                chain, n.has("last_run") ? n.get("last_run").asText() + " " + n.get("last_state").asText() : "-");
                    }
                }
                w.flush();
            }
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a DAG now (a manual run) and show its progress; exits 0 when it succeeds. Runs here when no scheduler holds it.")
    static final class Run implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Parameters(paramLabel = "DAG") String dagId;
        @Option(names = "--date", paramLabel = "D", description = "Logical date (2026-11-30 or an instant): the schedule's interval from it; default: the data up to now.")
        String date;

        @Override
        public Integer call() throws Exception {
            Optional<Instant> at = date == null ? Optional.empty() : Optional.of(parseDate(date, "--date"));
            try (WarehouseRuns runs = new WarehouseRuns(options.client())) {
                DagRun run = runs.trigger(dagId, at, Progress::info);
                Progress.info(run.runId() + ": " + run.state().dbName());
                return run.state() == DagRunState.SUCCESS ? 0 : 1;
            }
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Run a DAG for every interval whose logical date lies in [--from, --to], oldest first; scheduled runs keep priority.")
    static final class Backfill implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Parameters(paramLabel = "DAG") String dagId;
        @Option(names = "--from", required = true, paramLabel = "D") String from;
        @Option(names = "--to", required = true, paramLabel = "D") String to;
        @Option(names = "--reprocess", paramLabel = "none|failed|all", description = "Dates that already have a run: leave them (none, default), run the failed ones again, or all.")
        String reprocess = "none";

        @Override
        public Integer call() throws Exception {
            WarehouseRuns.Reprocess mode;
            try {
                mode = WarehouseRuns.Reprocess.valueOf(reprocess.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--reprocess: expected none, failed or all, got '" + reprocess + "'");
            }
            Instant f = parseDate(from, "--from");
            Instant t = parseDate(to, "--to");
            if (t.isBefore(f)) throw new CommandLine.ParameterException(new CommandLine(this), "--to is before --from");
            try (WarehouseRuns runs = new WarehouseRuns(options.client())) {
                List<DagRun> done = runs.backfill(dagId, f, t, mode, Progress::info);
                long failed = done.stream().filter(r -> r.state() != DagRunState.SUCCESS).count();
                Progress.info(dagId + ": backfill finished, " + (done.size() - failed) + " succeeded, " + failed + " failed");
                return failed == 0 ? 0 : 1;
            }
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "The run history: DAG runs, newest first, with each task's tries.")
    static final class Runs implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--json", description = "One JSON document, every attempt included.") boolean json;
        @Option(names = "--dag", paramLabel = "DAG") String dagId;
        @Option(names = "--limit", paramLabel = "N") int limit = 20;

        @Override
        public Integer call() throws Exception {
            try (WarehouseRuns runs = new WarehouseRuns(options.client())) {
                RunHistory history = runs.history();
                ArrayNode out = new ObjectMapper().createArrayNode();
                for (DagRun r : history.recent(Optional.ofNullable(dagId), limit)) {
                    ObjectNode n = out.addObject();
                    n.put("dag_id", r.dagId()).put("run_id", r.runId()).put("run_type", r.runType().dbName()).put("state", r.state().dbName())
                            .put("logical_date", r.logicalDate().toString()).put("data_interval_start", r.interval().start().toString())
                            .put("data_interval_end", r.interval().end().toString())
                            .put("start_date", str(r.startDate())).put("end_date", str(r.endDate())).put("note", r.note());
                    ObjectNode tasks = n.putObject("tasks");
                    for (Map.Entry<String, RunHistory.TaskInstance> e : history.taskInstances(r.runId()).entrySet()) {
                        tasks.put(e.getKey(), e.getValue().state().dbName());
                    }
                    ArrayNode attempts = n.putArray("attempts");
                    for (TaskAttempt a : history.attempts(r.runId())) {
                        attempts.addObject().put("task_id", a.taskId()).put("try_number", a.tryNumber()).put("state", a.state())
                                .put("start_date", str(a.startDate())).put("end_date", str(a.endDate())).put("error", a.error()).put("log", a.logFile());
                    }
                }
                PrintWriter w = spec.commandLine().getOut();
                if (json) {
                    w.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
                } else {
                    w.printf("%-22s %-36s %-9s %-8s %-22s %s%n", "DAG", "RUN", "TYPE", "STATE", "ENDED", "TASKS (state, tries)");
                    for (JsonNode n : out) {
                        StringBuilder tasks = new StringBuilder();
                        n.get("tasks").fields().forEachRemaining(e -> {
                            long tries = 0;
                            for (JsonNode a : n.get("attempts")) if (a.get("task_id").asText().equals(e.getKey())) tries++;
                            tasks.append(e.getKey()).append('=').append(e.getValue().asText()).append(tries > 1 ? "(" + tries + " tries)" : "").append(' ');
                        });
                        w.printf("%-22s %-36s %-9s %-8s %-22s %s%n", n.get("dag_id").asText(), n.get("run_id").asText(), n.get("run_type").asText(),
                                n.get("state").asText(), n.get("end_date").isNull() ? "-" : n.get("end_date").asText(), tasks.toString().trim());
                    }
                }
                w.flush();
            }
            return 0;
        }

        private static String str(Instant t) { return t == null ? null : t.toString(); }
    }

    @Command(name = "tables", mixinStandardHelpOptions = true, description = "The warehouse's Iceberg tables: snapshots, rows, files, last commit.")
    static final class Tables implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--json", description = "One JSON document.") boolean json;

        @Override
        public Integer call() throws Exception {
            Progress.info("reading the catalog (a Spark run of its own) ...");
            try (WarehouseRuns runs = new WarehouseRuns(options.client())) {
                JsonNode doc = runs.tables();
                PrintWriter w = spec.commandLine().getOut();
                if (json) {
                    w.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
                } else {
                    w.println("catalog " + doc.get("catalog").asText() + " at " + doc.get("location").asText());
                    w.printf("%-34s %9s %12s %7s %8s %12s  %s%n", "TABLE", "SNAPSHOTS", "ROWS", "FILES", "DELETES", "BYTES", "LAST COMMIT");
                    for (JsonNode t : doc.get("tables")) {
                        w.printf("%-34s %9d %12d %7d %8d %12d  %s %s%n", t.get("table").asText(), t.get("snapshots").asLong(), t.get("rows").asLong(),
                                t.get("data_files").asLong(), t.get("delete_files").asLong(), t.get("bytes").asLong(),
                                t.path("last_commit").asText("-"), t.path("last_operation").asText(""));
                    }
                }
                w.flush();
            }
            return 0;
        }
    }
}
