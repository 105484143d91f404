package com.wholesaleos.platform.cli;

import com.wholesaleos.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wos} command line: run, feed and inspect the platform. */
@Command(name = "wos", mixinStandardHelpOptions = true, version = "Wholesale OS Data Platform 0.1.0",
        description = "Wholesale OS Data Platform: change capture, live GMV and (soon) the warehouse of the B2B marketplace.",
        subcommands = {UpCommand.class, ProvisionCommand.class, SimulateCommand.class, GmvCommand.class, DemoCommand.class, BenchCommand.class,
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

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
