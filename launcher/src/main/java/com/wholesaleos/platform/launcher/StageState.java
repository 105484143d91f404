package com.wholesaleos.platform.launcher;

/** What {@code wos status} shows per stage. */
public enum StageState {
    /** Enabled, held back at start until the run that started the platform launches it. */
    DEFERRED,
    /** Started, not yet ready (readiness check pending). */
    STARTING,
    /** Ready and doing its work. */
    RUNNING,
    /** Died; waiting out its backoff before the next start. */
    RESTARTING,
    /** Crash-looping: no longer restarted until the platform is restarted. */
    FAILED,
    /** Stopped by the launcher. */
    STOPPED;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
