package com.wholesaleos.streaming.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Events of one entity in business-time order, whatever order they arrive in (parallel upstream steps reorder them):
 * the busiest window of a given length that contains a new event, and pruning of what no window can reach any more.
 *
 * @param <E> the event
 */
public final class EventWindow<E> {
    private final TreeMap<Long, List<E>> byTime = new TreeMap<>();
    private long newestMs = Long.MIN_VALUE;

    public void add(long atMs, E event) {
        byTime.computeIfAbsent(atMs, k -> new ArrayList<>(1)).add(event);
        newestMs = Math.max(newestMs, atMs);
    }

    public boolean isEmpty() { return byTime.isEmpty(); }

    /** Every event kept, oldest first. */
    public List<E> all() {
        List<E> out = new ArrayList<>();
        byTime.values().forEach(out::addAll);
        return out;
    }

    /** Forgets events older than {@code keepMs} before the newest one. */
    public void prune(long keepMs) {
        byTime.headMap(newestMs - keepMs).clear();
    }

    /** The events of the busiest window [end - lengthMs, end] that contains {@code atMs}, oldest first. */
    public List<E> busiestWindowContaining(long atMs, long lengthMs) {
        List<E> best = List.of();
        // A busiest window can be taken to end at an event: try every event from atMs to atMs + length.
        for (long end : byTime.subMap(atMs, true, atMs + lengthMs, true).keySet()) {
            List<E> in = new ArrayList<>();
            for (List<E> es : byTime.subMap(end - lengthMs, true, end, true).values()) in.addAll(es);
            if (in.size() > best.size()) best = in;
        }
        return best;
    }
}
