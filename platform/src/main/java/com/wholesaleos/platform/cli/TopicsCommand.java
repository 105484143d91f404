package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.schemas.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Every topic of the platform, from its declaration: name, key format, value contract (Avro record), configuration.")
final class TopicsCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--json", description = "A JSON array instead of a table.") boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (var t : Topics.all()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("topic", t.name());
                m.put("key", t.keyFormat());
                m.put("value", t.valueSchema().getFullName());
                m.put("configs", t.configs());
                list.add(m);
            }
            out.println(new ObjectMapper().writeValueAsString(list));
        } else {
            out.println("| topic | key (UTF-8) | value contract | kept |");
            out.println("|---|---|---|---|");
            for (var t : Topics.all()) {
                out.printf("| `%s` | `%s` | `%s` | %s |%n", t.name(), t.keyFormat().replace("UTF-8 ", "").replace("'", "").replace("|", "\\|"),
                        t.valueSchema().getFullName(), "compact".equals(t.configs().get("cleanup.policy")) ? "compacted" : "forever");
            }
        }
        out.flush();
        return 0;
    }
}
