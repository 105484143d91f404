package com.wholesaleos.batch;

import com.wholesaleos.config.WosConfig;
import org.apache.spark.sql.SparkSession;

/**
 * The shape of every warehouse run's main: parse the run's arguments, start its Spark session, do the work, and on
 * failure end with one line that says why (the scheduler shows a task's last lines as its error) and exit 1.
 */
@FunctionalInterface
public interface WarehouseTask {
    void run(SparkSession spark, WosConfig config, RunArguments run) throws Exception;

    static void main(String name, String[] args, WarehouseTask task) {
        RunArguments run = RunArguments.parse(args, name);
        try {
            WosConfig config = run.configuration(name);
            try (SparkSession spark = WarehouseSession.start(config, "wos " + name)) {
                task.run(spark, config, run);
            }
        } catch (Throwable e) {
            e.printStackTrace();
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            System.out.println(name + ": failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (root == e ? "" : " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")"));
            System.out.flush();
            System.exit(1);
        }
        System.exit(0);
    }
}
