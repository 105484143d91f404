package com.wholesaleos.orchestration.run;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.orchestration.DagExecutors;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** An executor in a JVM of its own, for the test that kills one mid-run. Arguments: JDBC_URL STATE_DIR LOG_DIR */
public final class ExecutorProcess {
    public static void main(String[] args) throws Exception {
        RunHistory history = new RunHistory(args[0], "postgres", "postgres");
        Path state = Path.of(args[1]);
        var dag = DagRunExecutorTest.twoStepDag(2);
        DagRunExecutor executor = new DagRunExecutor(history, DagRunExecutorTest.launcher(state), "doomed-" + ProcessHandle.current().pid(),
                Path.of(args[2]), new Random(1));
        new DagExecutors(history, executor, List.of(dag), WosConfig.defaults()).executeNext(Optional.empty(), System.out::println);
    }
}
