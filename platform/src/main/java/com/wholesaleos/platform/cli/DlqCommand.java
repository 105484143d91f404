package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.platform.dlq.DeadLetterInbox;
import com.wholesaleos.platform.launcher.StageProcess;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dlq", mixinStandardHelpOptions = true, description = "The dead-letter topic (wos.dlq): list, show and replay what a stage could not process.",
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.ShowCommand.class, DlqCommand.ReplayCommand.class})
final class DlqCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    static Map<String, Object> summary(DeadLetterInbox.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("failed_at", Instant.ofEpochMilli(e.letter().getFailedAtMs()).toString());
        m.put("stage", e.letter().getStage());
        m.put("reason", e.letter().getReason());
        m.put("source_topic", e.letter().getSourceTopic());
        m.put("source_offset", e.letter().getSourceOffset());
        m.put("source_position", e.letter().getSourcePosition());
        m.put("replay_state", e.state());
        m.put("attempts", e.attempts());
        m.put("last_error", e.lastError());
        return m;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every dead letter, newest last: id, time, stage, reason, replay state and attempts.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--json", description = "A JSON array instead of text.") boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<DeadLetterInbox.Entry> entries = DeadLetterInbox.read(options.client().kafkaBootstrap());
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                entries.forEach(e -> list.add(summary(e)));
                out.println(new ObjectMapper().writeValueAsString(list));
            } else {
                out.printf("%-8s %-24s %-10s %-12s %-8s %s%n", "ID", "FAILED AT", "STAGE", "REPLAY", "ATTEMPTS", "REASON");
                for (var e : entries) {
                    String reason = e.letter().getReason();
                    out.printf("%-8s %-24s %-10s %-12s %-8d %s%n", e.id(), Instant.ofEpochMilli(e.letter().getFailedAtMs()), e.letter().getStage(),
                            e.state(), e.attempts(), reason.length() > 110 ? reason.substring(0, 107) + "..." : reason);
                }
                out.printf("%d dead letters (wos dlq show ID for one; wos dlq replay once the cause is fixed)%n", entries.size());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One dead letter in full: reason, source, key and payload.")
    static final class ShowCommand implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "partition-offset, as wos dlq list prints it") String id;

        @Override
        public Integer call() throws Exception {
            var e = DeadLetterInbox.find(options.client().kafkaBootstrap(), id)
                    .orElseThrow(() -> new IllegalArgumentException("no dead letter with id '" + id + "' (wos dlq list shows the ids)"));
            Map<String, Object> m = summary(e);
            m.put("error_class", e.letter().getErrorClass());
            m.put("source_partition", e.letter().getSourcePartition());
            m.put("key", text(e.key()));
            m.put("payload", text(e.payload()));
            PrintWriter out = spec.commandLine().getOut();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
            out.flush();
            return 0;
        }

        /** UTF-8 text as is (JSON, reasons); anything else as hex. */
        private static String text(byte[] b) {
            if (b == null) return null;
            String s = new String(b, StandardCharsets.UTF_8);
            if (s.chars().allMatch(c -> c >= 0x20 && c != 0xFFFD || c == '\n' || c == '\t')) return s;
            StringBuilder hex = new StringBuilder("hex:");
            for (byte x : b) hex.append(String.format("%02x", x));
            return hex.toString();
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, description = {
            "Feeds dead letters in again once their cause is fixed (a new contract version, ingestion.column-aliases, a wider setting):",
            "changes the capture could not convert are converted again and written with their original LSN and commit time;",
            "records a job rejected are handed back to it. What still fails stays, with its attempt count. Exit code 1 if any still fails."})
    static final class ReplayCommand implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--since", paramLabel = "ISO-INSTANT", description = "Only dead letters from this time on, e.g. 2026-12-01T10:00:00Z.") Instant since;
        @Option(names = "--reason", paramLabel = "TEXT", description = "Only dead letters whose reason contains TEXT.") String reason;
        @Option(names = "--stage", paramLabel = "NAME", description = "Only dead letters of this stage (ingestion, live-gmv).") String stage;
        @Option(names = "--id", paramLabel = "ID", description = "Only this dead letter.") String id;

        @Override
        public Integer call() throws Exception {
            List<String> args = new ArrayList<>();
            if (since != null) args.addAll(List.of("--since", since.toString()));
            if (reason != null) args.addAll(List.of("--reason", reason));
            if (stage != null) args.addAll(List.of("--stage", stage));
            if (id != null) args.addAll(List.of("--id", id));
            PrintWriter out = spec.commandLine().getOut();
            int code = StageProcess.runOnce(WosStages.DLQ_REPLAY, options.client(), args, line -> {
                out.println(line);
                out.flush();
            });
            return code;
        }
    }
}
