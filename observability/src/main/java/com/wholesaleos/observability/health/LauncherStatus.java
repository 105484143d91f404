package com.wholesaleos.observability.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the launcher ({@code wos up}) writes to {@value PlatformStatus#LAUNCHER_FILE} in the data directory and every
 * reader ({@code wos status}, the console) reads back: one type, written and read by Jackson.
 */
public record LauncherStatus(@JsonProperty("launcher_pid") long launcherPid, @JsonProperty("started_at") String startedAt, String state,
                             Postgres postgres, Kafka kafka, List<Stage> stages, @JsonProperty("updated_at") String updatedAt) {

    public record Postgres(boolean embedded, Long pid, @JsonProperty("jdbc_url") String jdbcUrl, int restarts) {}

    public record Kafka(boolean embedded, String bootstrap) {}

    /**
     * One supervised stage. {@code late}: still starting after its ready timeout (reported, still supervised);
     * {@code failure}: why it was given up on; {@code restUrl}: its HTTP endpoint, if it has one.
     */
    public record Stage(String name, String kind, String state, Long pid, int restarts, @JsonProperty("started_at") String startedAt,
                        @JsonProperty("last_exit_code") Integer lastExitCode, String failure, boolean late, String log,
                        @JsonProperty("rest_url") String restUrl) {}

    /** The same status stamped with the time it is written. */
    public LauncherStatus at(String updatedAt) {
        return new LauncherStatus(launcherPid, startedAt, state, postgres, kafka, stages, updatedAt);
    }

    /** Whether the launcher that wrote it still runs. */
    public boolean launcherAlive() {
        return ProcessHandle.of(launcherPid).map(ProcessHandle::isAlive).orElse(false);
    }
}
