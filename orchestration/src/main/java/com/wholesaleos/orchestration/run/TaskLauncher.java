package com.wholesaleos.orchestration.run;

import com.wholesaleos.orchestration.dag.DagTask;
import java.io.IOException;
import java.nio.file.Path;

/** Starts one try of a task as a process of its own, so a timeout or a kill never takes the scheduler down. */
@FunctionalInterface
public interface TaskLauncher {
    /**
     * @param task the task
     * @param run  its DAG run (data interval, run id: passed to the task)
     * @param log  where the process's output goes
     */
    Process start(DagTask task, DagRun run, Path log) throws IOException;
}
