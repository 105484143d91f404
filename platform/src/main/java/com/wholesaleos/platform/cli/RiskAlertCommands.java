package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.riskdesk.AlertState;
import com.wholesaleos.riskdesk.AlertStore;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** wos risk alerts | show | ack | escalate | dismiss | confirm | stats: the alert queue in the risk store. */
final class RiskAlertCommands {
    private RiskAlertCommands() {}

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    abstract static class StoreCommand implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;

        AlertStore store() { return new AlertStore(MarketplaceDatabase.from(options.client())); }

        PrintWriter out() { return spec.commandLine().getOut(); }
    }

    @Command(name = "alerts", mixinStandardHelpOptions = true, description = "The alert queue, newest first.")
    static final class Alerts extends StoreCommand {
        @Option(names = "--state", description = "open, acknowledged, escalated, dismissed or confirmed.") String state;
        @Option(names = "--rule", description = "card-testing, account-farm, referral-abuse, refund-abuse, order-velocity, amount-anomaly, seller-collusion.") String rule;
        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).") int limit;
        @Option(names = "--json", description = "JSON for scripts.") boolean json;

        @Override
        public Integer call() throws Exception {
            List<AlertStore.Alert> alerts = store().alerts(Optional.ofNullable(state).map(AlertState::parse), Optional.ofNullable(rule), limit);
            if (json) {
                out().println(JSON.writeValueAsString(alerts));
            } else if (alerts.isEmpty()) {
                out().println("no alerts" + (state != null || rule != null ? " matching" : " yet"));
            } else {
                out().printf("%-6s %-17s %-8s %-5s %-13s %-28s %-20s %s%n", "ALERT", "RULE", "SEVERITY", "SCORE", "STATE", "ENTITY", "LAST SEEN", "EVIDENCE");
                for (AlertStore.Alert a : alerts) {
                    out().printf("%-6d %-17s %-8s %-5.2f %-13s %-28s %-20s %d item(s)%n", a.id(), a.rule(), a.severity(), a.score(), a.state().sql(),
                            abbreviate(a.entityType() + " " + a.entityId(), 28), a.lastDetected().toString().substring(0, 19), a.evidence().size());
                }
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One alert: its evidence and its audit trail.")
    static final class Show extends StoreCommand {
        @Parameters(paramLabel = "ALERT") long id;
        @Option(names = "--json", description = "JSON for scripts.") boolean json;

        @Override
        public Integer call() throws Exception {
            AlertStore store = store();
            AlertStore.Alert a = store.alert(id).orElseThrow(() -> new IllegalArgumentException("no alert " + id));
            List<AlertStore.AuditEntry> audit = store.audit("alert " + id);
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("alert", a);
                doc.put("audit", audit);
                out().println(JSON.writeValueAsString(doc));
            } else {
                out().printf("alert %d  %s  %s  score %.2f  %s%n", a.id(), a.rule() + " v" + a.ruleVersion(), a.severity(), a.score(), a.state().sql());
                out().printf("entity    %s %s%n", a.entityType(), a.entityId());
                out().printf("happened  %s (business time); detected %s, updated %d time(s), last %s%n", a.eventTime(), a.firstDetected(), a.updates(), a.lastDetected());
                out().println("evidence");
                for (Map<String, String> e : a.evidence()) out().printf("  %-9s %-12s %s%n", e.get("kind"), e.get("id"), e.get("detail"));
                out().println("audit");
                if (audit.isEmpty()) out().println("  (no action yet)");
                for (AlertStore.AuditEntry e : audit) out().printf("  %s  %-10s %-12s %s%n", e.at(), e.actor(), e.action(), e.note());
            }
            out().flush();
            return 0;
        }
    }

    /** ack, escalate, dismiss, confirm: who and why are required, for the audit trail. */
    abstract static class Transition extends StoreCommand {
        @Parameters(paramLabel = "ALERT") long id;
        @Option(names = "--by", paramLabel = "NAME", description = "Who takes the action (default: the user running wos).") String by = System.getProperty("user.name");
        @Option(names = "--note", paramLabel = "TEXT", required = true, description = "Why.") String note;

        abstract AlertState target();

        @Override
        public Integer call() throws Exception {
            AlertStore.Alert a = store().transition(id, target(), by, note);
            out().println("alert " + a.id() + " (" + a.rule() + ", " + a.entityType() + " " + a.entityId() + ") " + a.state().sql()
                    + " (audited: " + by + ", \"" + note + "\")");
            out().flush();
            return 0;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge: someone is on it.")
    static final class Ack extends Transition { AlertState target() { return AlertState.ACKNOWLEDGED; } }

    @Command(name = "escalate", mixinStandardHelpOptions = true, description = "Escalate to a senior analyst.")
    static final class Escalate extends Transition { AlertState target() { return AlertState.ESCALATED; } }

    @Command(name = "dismiss", mixinStandardHelpOptions = true, description = "Not fraud: recorded as a false positive of its rule (wos risk stats).")
    static final class Dismiss extends Transition { AlertState target() { return AlertState.DISMISSED; } }

    @Command(name = "confirm", mixinStandardHelpOptions = true, description = "Fraud: confirmed.")
    static final class Confirm extends Transition { AlertState target() { return AlertState.CONFIRMED; } }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Per rule: alerts by state, false positives (dismissed) and precision of decided alerts; the riskiest retailers.")
    static final class Stats extends StoreCommand {
        @Option(names = "--json", description = "JSON for scripts.") boolean json;

        @Override
        public Integer call() throws Exception {
            AlertStore store = store();
            List<AlertStore.RuleStats> stats = store.stats();
            Map<Long, Double> risk = store.retailerRisk(10);
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("rules", stats.stream().map(s -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("rule", s.rule());
                    for (AlertState st : AlertState.values()) r.put(st.sql(), s.byState().getOrDefault(st, 0L));
                    r.put("false_positives", s.dismissed());
                    r.put("precision", s.precision().orElse(null));
                    return r;
                }).toList());
                doc.put("riskiest_retailers", risk.entrySet().stream().map(e -> Map.of("retailer", e.getKey(), "combined_score", e.getValue())).toList());
                out().println(JSON.writeValueAsString(doc));
            } else {
                out().printf("%-17s %6s %6s %6s %10s %10s %10s%n", "RULE", "OPEN", "ACK", "ESC", "DISMISSED", "CONFIRMED", "PRECISION");
                for (AlertStore.RuleStats s : stats) {
                    out().printf("%-17s %6d %6d %6d %10d %10d %10s%n", s.rule(), s.byState().getOrDefault(AlertState.OPEN, 0L),
                            s.byState().getOrDefault(AlertState.ACKNOWLEDGED, 0L), s.byState().getOrDefault(AlertState.ESCALATED, 0L), s.dismissed(),
                            s.confirmed(), s.precision().map(p -> String.format("%.2f", p)).orElse("-"));
                }
                if (!risk.isEmpty()) {
                    out().println("riskiest retailers (combined score of their active alerts)");
                    risk.forEach((r, score) -> out().printf("  retailer %-8d %.2f%n", r, score));
                }
            }
            out().flush();
            return 0;
        }
    }

    static String abbreviate(String s, int n) { return s.length() <= n ? s : s.substring(0, n - 1) + "…"; }
}
