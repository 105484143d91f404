package com.wholesaleos.orchestration.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A DAG: tasks with dependencies, run once per data interval of its schedule.
 *
 * @param dagId         name, as in Airflow
 * @param description   one line for {@code wos batch dags}
 * @param schedule      a Quartz cron expression (seconds first), in UTC
 * @param tasks         in any order; validated acyclic, every upstream known
 * @param maxActiveRuns runs of this DAG that may be running at once
 * @param catchup       whether intervals missed while the scheduler was down are run when it comes back
 */
public record Dag(String dagId, String description, String schedule, List<DagTask> tasks, int maxActiveRuns, boolean catchup) {
    public Dag {
        Objects.requireNonNull(dagId);
        tasks = List.copyOf(tasks);
        if (maxActiveRuns < 1) throw new IllegalArgumentException(dagId + ": max_active_runs must be at least 1");
        validate(dagId, tasks);
    }

    public Optional<DagTask> task(String taskId) {
        return tasks.stream().filter(t -> t.taskId().equals(taskId)).findFirst();
    }

    /** Tasks no other task depends on: a run's state is theirs (Airflow's leaf rule). */
    public List<DagTask> leaves() {
        Set<String> upstreamOfSomething = new HashSet<>();
        tasks.forEach(t -> upstreamOfSomething.addAll(t.upstream()));
        return tasks.stream().filter(t -> !upstreamOfSomething.contains(t.taskId())).toList();
    }

    /** Tasks in an order where each comes after its upstream tasks. */
    public List<DagTask> topologicalOrder() {
        Map<String, DagTask> byId = new LinkedHashMap<>();
        tasks.forEach(t -> byId.put(t.taskId(), t));
        List<DagTask> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (out.size() < tasks.size()) {
            for (DagTask t : byId.values()) {
                if (!done.contains(t.taskId()) && done.containsAll(t.upstream())) {
                    out.add(t);
                    done.add(t.taskId());
                }
            }
        }
        return out;
    }

    /** Tasks downstream of this one, transitively. */
    public Set<String> downstreamOf(String taskId) {
        Map<String, List<String>> children = new HashMap<>();
        tasks.forEach(t -> t.upstream().forEach(u -> children.computeIfAbsent(u, k -> new ArrayList<>()).add(t.taskId())));
        Set<String> out = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(children.getOrDefault(taskId, List.of()));
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (out.add(t)) todo.addAll(children.getOrDefault(t, List.of()));
        }
        return out;
    }

    private static void validate(String dagId, List<DagTask> tasks) {
        Set<String> ids = new HashSet<>();
        for (DagTask t : tasks) {
            if (!ids.add(t.taskId())) throw new IllegalArgumentException(dagId + ": task " + t.taskId() + " declared twice");
        }
        for (DagTask t : tasks) {
            for (String u : t.upstream()) {
                if (!ids.contains(u)) throw new IllegalArgumentException(dagId + ": task " + t.taskId() + " depends on unknown task " + u);
            }
        }
        // Kahn: a cycle leaves tasks that never become ready.
        Map<String, Integer> waiting = new HashMap<>();
        tasks.forEach(t -> waiting.put(t.taskId(), t.upstream().size()));
        Deque<String> ready = new ArrayDeque<>();
        waiting.forEach((k, v) -> { if (v == 0) ready.add(k); });
        int seen = 0;
        while (!ready.isEmpty()) {
            String id = ready.pop();
            seen++;
            for (DagTask t : tasks) {
                if (t.upstream().contains(id) && waiting.merge(t.taskId(), -1, Integer::sum) == 0) ready.add(t.taskId());
            }
        }
        if (seen != tasks.size()) throw new IllegalArgumentException(dagId + ": dependencies form a cycle");
    }
}
