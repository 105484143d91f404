package com.wholesaleos.platform.cli;

import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.Readiness;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.console.WebConsole;
import com.wholesaleos.warehouse.trino.TrinoEndpoint;
import com.wholesaleos.platform.launcher.Platform;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start everything (embedded unless configured otherwise), print the endpoints, run until Ctrl-C. State stays in the data directory, so a second 'up' resumes.")
final class UpCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Platform platform = Platform.start(options.load(), Progress::info);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Progress.info("stopping ...");
            platform.close();
            Progress.info("stopped");
            stopped.countDown();
        }, "wos-shutdown"));
        // Each stage gets its own ready timeout; one that is late or failed is reported and the others run on.
        var notReady = platform.awaitReady(platform.stages().stream().map(st -> st.declaration()).toList());
        var c = platform.config();
        System.out.println();
        System.out.println(notReady.isEmpty() ? "Wholesale OS Data Platform is up" : "Wholesale OS Data Platform is up, DEGRADED:");
        for (var st : notReady) {
            System.out.printf("  %-11s %s (see %s; ./wos status)%n", st.declaration().name(), st.state() == com.wholesaleos.platform.launcher.StageState.FAILED
                    ? "failed: " + st.failure() : "still starting after " + st.declaration().readyTimeoutMs(c) + " ms; it stays supervised", st.process().log());
        }
        System.out.println("  PostgreSQL  " + c.jdbcUrl() + "  (user " + c.get(WosSettings.POSTGRES_USER) + ")");
        System.out.println("  Kafka       " + c.kafkaBootstrap());
        for (var st : platform.stages()) {
            st.declaration().restPort().ifPresent(p -> System.out.printf("  %-11s %s  (%s)%n", st.declaration().name(),
                    Platform.restUrl(c, st.declaration()), st.declaration().isFlinkJob() ? "Flink UI of " + st.declaration().flinkJobName().orElse("")
                            : st.declaration().readiness() instanceof Readiness.TrinoStarted
                            ? "Trino; JDBC " + TrinoEndpoint.jdbcUrl(c) + "; ./wos sql, ./wos milestones"
                            : st.declaration().serviceNote()));
        }
        System.out.println("  Data dir    " + c.dataDir());
        if (platform.stages().stream().anyMatch(st -> st.declaration() == WosStages.CONSOLE)) {
            try {
                if (WebConsole.users(c).count() == 0) {
                    System.out.println("No console users yet: create the first admin with ./wos users add NAME --role admin (the password is asked for)");
                }
            } catch (java.sql.SQLException e) {
                System.out.println("Cannot read the console's users: " + e.getMessage());
            }
        }
        System.out.println("Feed it: ./wos simulate --rate 50   Watch: ./wos gmv   Health: ./wos status   Stop: Ctrl-C");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
