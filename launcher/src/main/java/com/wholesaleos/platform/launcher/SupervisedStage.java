package com.wholesaleos.platform.launcher;

import com.wholesaleos.config.stage.StageDeclaration;

/** A stage under supervision: its process, its restart policy, and what status reports of it. */
public final class SupervisedStage {
    final StageDeclaration declaration;
    final StageProcess process;
    final RestartPolicy policy;
    volatile StageState state = StageState.STARTING;
    volatile int restarts;
    volatile long startedAtMs;
    volatile long restartAtMs;
    volatile Integer lastExitCode;
    volatile String failure;

    SupervisedStage(StageDeclaration declaration, StageProcess process, RestartPolicy policy) {
        this.declaration = declaration;
        this.process = process;
        this.policy = policy;
    }

    public StageDeclaration declaration() { return declaration; }
    public StageProcess process() { return process; }
    public StageState state() { return state; }
    public int restarts() { return restarts; }
    public long startedAtMs() { return startedAtMs; }
    public String failure() { return failure; }
}
