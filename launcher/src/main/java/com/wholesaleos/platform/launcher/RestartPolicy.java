package com.wholesaleos.platform.launcher;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When to restart a stage that died, and when to give up. The delay doubles with each crash in a row and resets
 * once the stage has run healthy for a while; a stage that crashes {@code crashes} times within {@code windowMs}
 * is crash-looping: it is marked failed and left alone (the others keep running) until an operator acts.
 */
public final class RestartPolicy {
    public sealed interface Decision {}
    public record Restart(long delayMs) implements Decision {}
    public record GiveUp(String reason) implements Decision {}

    private final long initialMs;
    private final long maxMs;
    private final long healthyAfterMs;
    private final int crashes;
    private final long windowMs;
    private final Deque<Long> recentCrashes = new ArrayDeque<>();
    private long lastStartMs;
    private int inARow;

    public RestartPolicy(long initialMs, long maxMs, long healthyAfterMs, int crashes, long windowMs) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.healthyAfterMs = healthyAfterMs;
        this.crashes = crashes;
        this.windowMs = windowMs;
    }

    public static RestartPolicy from(WosConfig c) {
        return new RestartPolicy(c.get(WosSettings.RESTART_BACKOFF_INITIAL_MS), c.get(WosSettings.RESTART_BACKOFF_MAX_MS),
                c.get(WosSettings.HEALTHY_AFTER_MS), c.get(WosSettings.CRASH_LOOP_CRASHES), c.get(WosSettings.CRASH_LOOP_WINDOW_MS));
    }

    public void started(long nowMs) { lastStartMs = nowMs; }

    public Decision crashed(long nowMs) {
        if (nowMs - lastStartMs >= healthyAfterMs) inARow = 0; // it had recovered: this is a new incident
        inARow++;
        recentCrashes.addLast(nowMs);
        while (!recentCrashes.isEmpty() && recentCrashes.peekFirst() <= nowMs - windowMs) recentCrashes.removeFirst();
        if (recentCrashes.size() >= crashes) {
            return new GiveUp(recentCrashes.size() + " crashes within " + windowMs / 1000 + " s (supervision.crash-loop-crashes="
                    + crashes + ", supervision.crash-loop-window-ms=" + windowMs + ")");
        }
        long delay = initialMs;
        for (int i = 1; i < inARow && delay < maxMs; i++) delay *= 2;
        return new Restart(Math.min(delay, maxMs));
    }

    /** Crashes in a row since the stage last ran healthy. */
    public int crashesInARow() { return inARow; }
}
