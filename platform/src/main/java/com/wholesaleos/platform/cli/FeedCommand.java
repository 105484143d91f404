package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.feedapi.keys.ApiKeys;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "feed", mixinStandardHelpOptions = true, description = "The Feed API that serves recommendations to the storefront.",
        subcommands = {FeedCommand.Keys.class})
final class FeedCommand implements Runnable {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "The storefront's API keys (stored hashed; a key is shown once, when added; the API refuses a revoked key within a second).",
            subcommands = {Add.class, ListKeys.class, Revoke.class})
    static final class Keys implements Runnable {
        @Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a key and print it (the only time it is shown).")
    static final class Add implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "Who the key is for, e.g. storefront-web.") String name;
        @Option(names = "--by", paramLabel = "NAME", description = "Who adds it (default: the user running wos).") String by = System.getProperty("user.name");

        @Override
        public Integer call() throws Exception {
            String key = new ApiKeys(MarketplaceDatabase.from(options.client())).add(name, by);
            spec.commandLine().getOut().println(key);
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("key '" + name + "' added; send it as the X-Api-Key header. It is not stored and cannot be shown again.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (name, prefix, created, revoked), never the keys themselves.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--json", description = "One JSON array.") boolean json;

        @Override
        public Integer call() throws Exception {
            List<ApiKeys.Key> keys = new ApiKeys(MarketplaceDatabase.from(options.client())).list();
            var out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> rows = keys.stream().map(k -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", k.name());
                    m.put("prefix", k.prefix());
                    m.put("created_at", k.createdAt().toString());
                    m.put("created_by", k.createdBy());
                    m.put("revoked_at", k.revokedAt() == null ? null : k.revokedAt().toString());
                    return m;
                }).toList();
                out.println(new ObjectMapper().writeValueAsString(rows));
            } else {
                out.printf("%-24s %-12s %-28s %-12s %s%n", "NAME", "PREFIX", "CREATED", "BY", "REVOKED");
                for (ApiKeys.Key k : keys) {
                    out.printf("%-24s %-12s %-28s %-12s %s%n", k.name(), k.prefix(), k.createdAt(), k.createdBy(), k.revokedAt() == null ? "-" : k.revokedAt());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key: the API answers 403 to it from then on.")
    static final class Revoke implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            if (!new ApiKeys(MarketplaceDatabase.from(options.client())).revoke(name)) {
                throw new IllegalArgumentException("no active key named '" + name + "' (wos feed keys list shows them)");
            }
            spec.commandLine().getOut().println("key '" + name + "' revoked");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
