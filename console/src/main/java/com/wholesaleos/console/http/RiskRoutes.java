package com.wholesaleos.console.http;

import com.wholesaleos.console.risk.AlertAction;
import com.wholesaleos.console.risk.EvidenceRecords;
import com.wholesaleos.marketplace.risk.RiskActions;
import com.wholesaleos.riskdesk.AlertState;
import com.wholesaleos.riskdesk.AlertStore;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The risk team's area: the alert queue (filters, counts, newest first, live), an alert with its evidence linked to the
 * records it names and its audit trail, and the actions of {@code wos risk}, each with a note, audited as the signed-in user.
 */
public final class RiskRoutes implements ConsoleServer.Area, AutoCloseable {
    static final int QUEUE_LIMIT = 200;
    private final AlertStore alerts;
    private final RiskActions actions;
    private final EvidenceRecords records;
    private final LivePush push;

    public RiskRoutes(AlertStore alerts, RiskActions actions, EvidenceRecords records, long pushIntervalMs) {
        this.alerts = alerts;
        this.actions = actions;
        this.records = records;
        this.push = new LivePush("alerts", () -> {
            try {
                return alerts.version();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }, pushIntervalMs);
    }

    @Override
    public List<ConsoleServer.Route> routes() {
        return List.of(
                new ConsoleServer.Route("GET", "/risk", ctx -> ConsoleServer.page(ctx, "risk", "Risk: alert queue", Map.of())),
                new ConsoleServer.Route("GET", "/risk/alerts/{id}", ctx -> ConsoleServer.page(ctx, "alert", "Risk: alert " + alertId(ctx),
                        Map.of("alert-id", String.valueOf(alertId(ctx))))),
                new ConsoleServer.Route("GET", "/risk/records/{kind}/{id}", ctx -> ConsoleServer.page(ctx, "record", "Risk: " + ctx.pathParam("kind") + " "
                        + ctx.pathParam("id"), Map.of("kind", ctx.pathParam("kind"), "record-id", ctx.pathParam("id")))),
                new ConsoleServer.Route("GET", "/api/risk/alerts", this::queue),
                new ConsoleServer.Route("GET", "/api/risk/alerts/{id}", this::alert),
                new ConsoleServer.Route("GET", "/api/risk/records/{kind}/{id}", this::record),
                new ConsoleServer.Route("POST", "/risk/alerts/{id}/actions", this::act));
    }

    @Override
    public Map<String, Consumer<SseClient>> streams() { return Map.of("/events/alerts", push.client()); }

    private static long alertId(Context ctx) { return number(ctx.pathParam("id"), "alert id"); }

    private static long number(String text, String what) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(what + " must be a number, not '" + text + "'");
        }
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private void queue(Context ctx) throws Exception {
        Optional<AlertState> state = param(ctx, "state").map(AlertState::parse);
        List<AlertStore.Alert> list = alerts.alerts(state, param(ctx, "rule"), param(ctx, "severity"), QUEUE_LIMIT);
        List<AlertStore.Count> counts = alerts.counts();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alerts", list.stream().map(RiskRoutes::summary).toList());
        out.put("limit", QUEUE_LIMIT);
        Map<String, Long> byState = new LinkedHashMap<>();
        Arrays.stream(AlertState.values()).forEach(s -> byState.put(s.sql(), 0L));
        Map<String, Long> byRule = new java.util.TreeMap<>();
        Map<String, Long> bySeverity = new java.util.TreeMap<>();
        for (AlertStore.Count c : counts) {
            byState.merge(c.state().sql(), c.alerts(), Long::sum);
            byRule.merge(c.rule(), c.alerts(), Long::sum);
            bySeverity.merge(c.severity(), c.alerts(), Long::sum);
        }
        out.put("counts", Map.of("state", byState, "rule", byRule, "severity", bySeverity,
                "matching", counts.stream().filter(c -> state.map(s -> s == c.state()).orElse(true)
                        && param(ctx, "rule").map(r -> r.equals(c.rule())).orElse(true)
                        && param(ctx, "severity").map(v -> v.equals(c.severity())).orElse(true)).mapToLong(AlertStore.Count::alerts).sum()));
        ctx.json(out);
    }

    private static Map<String, Object> summary(AlertStore.Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("rule", a.rule());
        m.put("severity", a.severity());
        m.put("score", a.score());
        m.put("entity_type", a.entityType());
        m.put("entity_id", a.entityId());
        m.put("state", a.state().sql());
        m.put("event_time", a.eventTime());
        m.put("last_detected", a.lastDetected());
        m.put("updates", a.updates());
        return m;
    }

    private void alert(Context ctx) throws Exception {
        long id = alertId(ctx);
        AlertStore.Alert a = alerts.alert(id).orElseThrow(() -> new ConsoleServer.Refusal(404, "no alert " + id));
        Map<String, Object> out = summary(a);
        out.put("rule_version", a.ruleVersion());
        out.put("first_detected", a.firstDetected());
        out.put("state_changed_at", a.stateChangedAt());
        out.put("state_changed_by", a.stateChangedBy());
        List<Map<String, Object>> evidence = new ArrayList<>();
        Set<String> subjects = new LinkedHashSet<>(List.of("alert " + id));
        for (Map<String, String> e : a.evidence()) {
            Map<String, Object> m = new LinkedHashMap<>(e);
            m.put("linked", EvidenceRecords.TABLES.containsKey(e.get("kind")));
            evidence.add(m);
        }
        // The records the actions act on: the alert's entity and what its evidence names.
        List<Map<String, String>> targets = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Map<String, String>> named = new ArrayList<>(a.evidence());
        named.add(0, Map.of("kind", a.entityType(), "id", a.entityId()));
        for (Map<String, String> e : named) {
            if (!List.of("retailer", "order").contains(e.get("kind")) || !seen.add(e.get("kind") + " " + e.get("id"))) continue;
            targets.add(Map.of("kind", e.get("kind"), "id", e.get("id")));
            subjects.add(e.get("kind") + " " + e.get("id"));
        }
        out.put("evidence", evidence);
        out.put("targets", targets);
        List<Map<String, Object>> audit = new ArrayList<>();
        for (String subject : subjects) {
            for (AlertStore.AuditEntry entry : alerts.audit(subject)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("at", entry.at());
                m.put("actor", entry.actor());
                m.put("action", entry.action());
                m.put("subject", entry.subject());
                m.put("note", entry.note());
                audit.add(m);
            }
        }
        audit.sort((x, y) -> ((java.time.Instant) x.get("at")).compareTo((java.time.Instant) y.get("at")));
        out.put("audit", audit);
        out.put("actions", Arrays.stream(AlertAction.values()).map(x -> Map.of("id", x.id(), "title", x.title(),
                "target", x.targetKind().orElse(""))).toList());
        out.put("may_move", a.state().active());
        ctx.json(out);
    }

    private void record(Context ctx) throws Exception {
        String kind = ctx.pathParam("kind");
        long id = number(ctx.pathParam("id"), kind + " id");
        Map<String, String> row = records.find(kind, id).orElseThrow(() -> new ConsoleServer.Refusal(404, "no " + kind + " " + id));
        List<Map<String, Object>> related = alerts.naming(kind, String.valueOf(id), QUEUE_LIMIT).stream().map(RiskRoutes::summary).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("id", id);
        out.put("record", row);
        out.put("alerts", related);
        out.put("audit", alerts.audit(kind + " " + id));
        ctx.json(out);
    }

    /** An action from the alert's page (a form): taken as the signed-in user, then back to the alert. */
    private void act(Context ctx) throws Exception {
        long id = alertId(ctx);
        AlertAction action = AlertAction.parse(Optional.ofNullable(ctx.formParam("action")).orElse(""));
        Optional<Long> target = Optional.ofNullable(ctx.formParam("target")).map(String::trim).filter(s -> !s.isEmpty())
                .map(t -> number(t.replaceFirst("^(retailer|order) ", ""), "target"));
        action.apply(alerts, actions, id, target, ConsoleServer.signedIn(ctx).name(), ctx.formParam("note"));
        ctx.redirect("/risk/alerts/" + id + "?done=" + action.id());
    }

    @Override
    public void close() { push.close(); }
}
