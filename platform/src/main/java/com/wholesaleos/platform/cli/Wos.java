package com.wholesaleos.platform.cli;

import com.wholesaleos.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wos} command line: run, feed and inspect the platform. */
@Command(name = "wos", mixinStandardHelpOptions = true, version = "Wholesale OS Data Platform 0.1.0",
        description = "Wholesale OS Data Platform: change capture, live GMV and (soon) the warehouse of the B2B marketplace.",
        subcommands = {UpCommand.class, StatusCommand.class, ConfigCommand.class, ReconcileCommand.class, DlqCommand.class, TailCommand.class, TopicsCommand.class, RiskCommand.class, FeedCommand.class, BatchCommand.class, SqlCommand.class, MilestonesCommand.class, UsersCommand.class, ProvisionCommand.class, SimulateCommand.class, GmvCommand.class, DemoCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Wos implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Wos());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
                err.println("error: " + ex.getMessage());
                err.flush();
                return 2;
            }
            java.sql.SQLException unreachable = connectionFailure(ex);
            if (unreachable != null) {
                err.println("error: cannot connect to PostgreSQL (" + unreachable.getMessage() + ")");
                err.println("Is the platform running (./wos up), or are postgres.host / postgres.port configured?");
                err.flush();
                return 1;
            }
            if (ex instanceof IllegalStateException && ex.getMessage() != null) { // a known condition, said plainly
                err.println("error: " + ex.getMessage());
                err.flush();
                return 1;
            }
            err.println("error: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return 1;
        });
        return cl;
    }

    /** A "cannot connect" SQL error (SQLSTATE class 08) anywhere in the cause chain, e.g. wrapped by Flyway. */
    private static java.sql.SQLException connectionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) return sql;
        }
        return null;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
