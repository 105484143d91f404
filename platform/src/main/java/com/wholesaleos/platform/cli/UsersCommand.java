package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.wholesaleos.console.WebConsole;
import com.wholesaleos.console.access.ConsoleUsers;
import com.wholesaleos.console.access.Role;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "users", mixinStandardHelpOptions = true,
        description = "The web console's users: add (password asked twice, or read from stdin), list, unlock, remove. Roles: leadership, risk, engineer, admin.",
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Unlock.class, UsersCommand.Remove.class})
final class UsersCommand implements Runnable {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    abstract static class UserCommand implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;

        ConsoleUsers users() { return WebConsole.users(options.client()); }

        PrintWriter out() { return spec.commandLine().getOut(); }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Creates a console user. On a terminal the password is asked for twice; otherwise the first line of stdin is the password",
                    "(echo \"$PASSWORD\" | ./wos users add ana --role risk). At least 10 characters; stored only as a bcrypt hash."})
    static final class Add extends UserCommand {
        @Parameters(paramLabel = "NAME", description = "Lower-case letters, digits, '.', '_', '-'.") String name;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "leadership, risk, engineer or admin.") String role;
        @Option(names = "--replace", description = "If the user exists, set this role and password (and unlock it).") boolean replace;

        @Override
        public Integer call() throws Exception {
            Role r = Role.parse(role);
            char[] password = password();
            try {
                users().add(name, r, password, replace);
            } finally {
                Arrays.fill(password, '\0');
            }
            out().println("user " + name + " (" + r.sql() + ") " + (replace ? "set" : "added") + "; sign in at the console (./wos up prints its URL)");
            out().flush();
            return 0;
        }

        private static char[] password() throws Exception {
            Console console = System.console();
            if (console != null) {
                char[] first = console.readPassword("Password (at least 10 characters): ");
                char[] second = console.readPassword("Again: ");
                if (first == null || second == null || !Arrays.equals(first, second)) throw new IllegalArgumentException("the passwords differ");
                Arrays.fill(second, '\0');
                return first;
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) throw new IllegalArgumentException("no password on stdin (give it as the first line)");
            return line.toCharArray();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The console's users, their roles, lockouts and last sign-in (never a hash).")
    static final class ListUsers extends UserCommand {
        @Option(names = "--json", description = "JSON for scripts.") boolean json;

        @Override
        public Integer call() throws Exception {
            var accounts = users().list();
            if (json) {
                out().println(new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE).writeValueAsString(accounts));
            } else if (accounts.isEmpty()) {
                out().println("no console users yet: ./wos users add NAME --role admin");
            } else {
                out().printf("%-20s %-11s %-8s %-22s %s%n", "NAME", "ROLE", "FAILED", "LOCKED UNTIL", "LAST SIGN-IN");
                for (var a : accounts) {
                    out().printf("%-20s %-11s %-8d %-22s %s%n", a.name(), a.role().sql(), a.failedAttempts(),
                            a.lockedUntil() == null ? "-" : a.lockedUntil(), a.lastSignIn() == null ? "never" : a.lastSignIn());
                }
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Lifts a lockout after repeated failed sign-ins.")
    static final class Unlock extends UserCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            if (!users().unlock(name)) throw new IllegalArgumentException("no console user " + name);
            out().println("user " + name + " unlocked");
            out().flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a user; its open sessions end at their next request.")
    static final class Remove extends UserCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            if (!users().remove(name)) throw new IllegalArgumentException("no console user " + name);
            out().println("user " + name + " removed");
            out().flush();
            return 0;
        }
    }
}
