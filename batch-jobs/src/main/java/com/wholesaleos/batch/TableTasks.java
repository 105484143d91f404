package com.wholesaleos.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work on several tables at once in one Spark session ({@code warehouse.parallel-tables} jobs): each table's work is
 * its own Spark job and its own Iceberg commit, so they do not conflict, and on a small machine one table's job rarely
 * keeps every core busy (a one-partition topic is one task). Each finished table prints one progress line. If one
 * fails, the others still finish (their commits are complete units), then the first failure is thrown.
 */
public final class TableTasks {
    /** One table's work: its name and what it returns to print. */
    public record Task(String table, Callable<String> work) {}

    private TableTasks() {}

    public static void run(String prefix, int parallelism, List<Task> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, prefix + "-table");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Task task : tasks) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    String result = task.work().call();
                    System.out.printf("%s: [%d/%d] %-24s %s (%.1f s)%n", prefix, done.incrementAndGet(), tasks.size(), task.table(), result,
                            (System.nanoTime() - t0) / 1e9);
                    return null;
                }));
            }
            Exception first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) first = e.getCause() instanceof Exception ex ? ex : e;
                }
            }
            if (first != null) throw first;
        } finally {
            pool.shutdownNow();
        }
    }
}
