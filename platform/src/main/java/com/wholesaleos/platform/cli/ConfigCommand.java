package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.wholesaleos.config.Setting;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Every setting from its declaration: key, default, the value in effect here (defaults < --config file < WOS_* "
                + "environment < --set; a running platform's resolved values with --data-dir), environment variable and description.")
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON array of {key, default, value, env, description}.")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "PREFIX", description = "Only keys starting with PREFIX (e.g. trino. or stage.live-gmv).")
    String prefix = "";

    @Override
    public Integer call() throws Exception {
        WosConfig config = options.client();
        List<Setting<?>> settings = WosSettings.ALL.stream().filter(s -> s.key().startsWith(prefix)).toList();
        if (settings.isEmpty()) throw new IllegalArgumentException("no setting starts with '" + prefix + "'");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode list = mapper.createArrayNode();
            for (Setting<?> s : settings) {
                list.addObject().put("key", s.key()).put("default", s.defaultValue()).put("value", shown(s, config))
                        .put("env", s.environmentVariable()).put("description", s.description());
            }
            out.println(mapper.writeValueAsString(list));
        } else {
            for (Setting<?> s : settings) {
                String value = shown(s, config);
                out.printf("%s = %s%s%n    %s%n", s.key(), value, value.equals(s.defaultValue()) ? "" : "   (default " + s.defaultValue() + ")",
                        s.description());
            }
        }
        out.flush();
        return 0;
    }

    /** The value in effect, as it would be written in a file; secrets masked. */
    private static String shown(Setting<?> s, WosConfig config) {
        Object v = config.get(s);
        String text = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v);
        String key = s.key().toLowerCase(Locale.ROOT);
        boolean secret = key.contains("password") || key.contains("salt");
        return secret && !text.equals(s.defaultValue()) ? "********" : text;
    }
}
