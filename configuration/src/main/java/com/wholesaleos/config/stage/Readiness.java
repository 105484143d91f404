package com.wholesaleos.config.stage;

/** How the launcher knows a started stage does its work; the checks themselves live in the launcher. */
public sealed interface Readiness {
    /** The change capture streams from its replication slot (its initial snapshot is done). */
    record ReplicationSlotActive() implements Readiness {}

    /** A Flink job of this name is RUNNING on the stage's own REST endpoint. */
    record FlinkJobRunning(String jobName) implements Readiness {}

    /** An HTTP service answers 200 on this path of its own port (e.g. /health: it has loaded what it serves). */
    record HttpOk(String path) implements Readiness {}

    /** A Trino server on the stage's own port has started ({@code /v1/info} says {@code "starting":false}) and has an active node to run queries. */
    record TrinoStarted() implements Readiness {}

    /** The process being alive is all there is to check. */
    record ProcessAlive() implements Readiness {}
}
