package com.wholesaleos.platform.devtools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a demo's time goes: seconds per phase (start, simulate, catch-up, warehouse, trino, checks; a phase entered twice
 * adds up), and which phase a failure happened in, so a script reading the demo's JSON learns both.
 */
public final class DemoPhases {
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final Consumer<String> progress;
    private String current;
    private long since;

    public DemoPhases(Consumer<String> progress) { this.progress = progress; }

    /** Ends the current phase (if any) and starts {@code phase}. */
    public void begin(String phase) {
        end();
        current = phase;
        since = System.nanoTime();
        progress.accept("phase " + phase + " ...");
    }

    public void end() {
        if (current != null) seconds.merge(current, (System.nanoTime() - since) / 1e9, Double::sum);
        current = null;
    }

    public Map<String, Double> seconds() { return new LinkedHashMap<>(seconds); }

    /** The failure, naming the phase it happened in, with the seconds of each phase up to it. */
    public Failed failed(Exception cause) {
        if (cause instanceof Failed f) return f;
        String phase = current;
        end();
        return new Failed(phase, seconds(), cause);
    }

    public static ObjectNode json(Map<String, Double> phases) {
        ObjectNode json = DemoJson.object();
        phases.forEach((k, v) -> json.put(k, DemoJson.round(v, 1)));
        return json;
    }

    /** A demo that could not finish: the phase, each phase's seconds so far, and why. */
    public static final class Failed extends Exception {
        private final String phase;
        private final Map<String, Double> phases;

        Failed(String phase, Map<String, Double> phases, Exception cause) {
            super((phase == null ? "" : phase + ": ") + cause.getMessage(), cause);
            this.phase = phase;
            this.phases = phases;
        }

        public String phase() { return phase; }

        /** What a script reads: {@code "match": false}, the failing step, its error, the phases' seconds. */
        public ObjectNode json() {
            ObjectNode json = DemoJson.object().put("match", false).put("pass", false).put("failed_step", phase)
                    .put("error", String.valueOf(getCause().getMessage()));
            json.set("phases_s", DemoPhases.json(phases));
            return json;
        }
    }
}
