package com.wholesaleos.platform.devtools;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * HTTP requests at a fixed rate (open loop, as a storefront's visitors arrive whether or not the last page was quick):
 * request k is due at {@code start + k / rate}; its latency runs from when it was due, not from when a busy sender got
 * to it, so a stall is charged to every request it delayed (no coordinated omission). Senders are threads with one
 * keep-alive connection each; request k goes to sender {@code k mod senders}.
 */
final class OpenLoopLoad {
    private OpenLoopLoad() {}

    /** Figures of one run: the rate asked and achieved, errors, latency percentiles in ms. */
    static Map<String, Object> run(HttpClient http, LongFunction<HttpRequest> request, double rate, Duration length, int senders)
            throws InterruptedException {
        long total = Math.max(1, Math.round(rate * length.toNanos() / 1e9));
        long intervalNanos = Math.round(1e9 / rate);
        long start = System.nanoTime() + 50_000_000L; // every sender is waiting before the first request is due
        AtomicLong errors = new AtomicLong();
        List<long[]> perSender = new ArrayList<>();
        int[] counts = new int[senders];
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            long[] latencies = new long[(int) (total / senders + 1)];
            perSender.add(latencies);
            int me = s;
            Thread t = new Thread(() -> {
                for (long k = me; k < total; k += senders) {
                    long due = start + k * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                    try {
                        HttpResponse<byte[]> response = http.send(request.apply(k), HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) errors.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[counts[me]++] = System.nanoTime() - due;
                }
            }, "open-loop-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int s = 0; s < senders; s++) {
            System.arraycopy(perSender.get(s), 0, all, at, counts[s]);
            at += counts[s];
        }
        Arrays.sort(all);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target_requests_per_second", rate);
        out.put("requests", all.length);
        out.put("errors", errors.get());
        out.put("achieved_requests_per_second", Math.round(all.length / seconds));
        out.put("latency_ms_p50", ms(percentile(all, 50)));
        out.put("latency_ms_p90", ms(percentile(all, 90)));
        out.put("latency_ms_p99", ms(percentile(all, 99)));
        out.put("latency_ms_max", ms(all.length == 0 ? 0 : all[all.length - 1]));
        return out;
    }

    /** The p-th percentile (nearest rank) of sorted values; 0 when there are none. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) { return Math.round(nanos / 1e4) / 100.0; }
}
