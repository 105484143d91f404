package com.wholesaleos.riskdesk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.schemas.fraud.Evidence;
import com.wholesaleos.schemas.fraud.FraudAlert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The risk store (schema risk): alerts with their state and evidence, every action on them in the append-only audit
 * trail. Alerts from wos.fraud.alerts are applied by alert key: while one is active, new evidence updates it; after
 * a decision (dismissed, confirmed), only evidence newer than what was decided on opens a new alert, so a replayed
 * or re-published alert never reopens one.
 */
public final class AlertStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One alert as the risk team sees it. */
    public record Alert(long id, String key, String rule, int ruleVersion, String severity, double score, String entityType, String entityId,
                        List<Map<String, String>> evidence, Instant eventTime, Instant firstDetected, Instant lastDetected, int updates,
                        AlertState state, Instant stateChangedAt, String stateChangedBy) {}

    /** One row of the audit trail. */
    public record AuditEntry(Instant at, String actor, String action, String subject, String note) {}

    /** Per rule: alerts in each state; dismissed ones are the rule's known false positives. */
    public record RuleStats(String rule, Map<AlertState, Long> byState) {
        public long dismissed() { return byState.getOrDefault(AlertState.DISMISSED, 0L); }
        public long confirmed() { return byState.getOrDefault(AlertState.CONFIRMED, 0L); }
        /** Confirmed over decided, or empty before any decision. */
        public Optional<Double> precision() {
            long decided = dismissed() + confirmed();
            return decided == 0 ? Optional.empty() : Optional.of((double) confirmed() / decided);
        }
    }

    private final MarketplaceDatabase database;

    public AlertStore(MarketplaceDatabase database) { this.database = database; }

    /** Applies alerts read from the topic, with the next offset of each partition, in one transaction. */
    public void apply(List<FraudAlert> alerts, Map<Integer, Long> nextOffsets) throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            for (FraudAlert a : alerts) apply(c, a);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO risk.alert_feed_positions (topic_partition, next_offset) VALUES (?, ?) "
                    + "ON CONFLICT (topic_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset")) {
                for (var e : nextOffsets.entrySet()) {
                    ps.setInt(1, e.getKey());
                    ps.setLong(2, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** Where to resume reading each partition. */
    public Map<Integer, Long> positions() throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement("SELECT topic_partition, next_offset FROM risk.alert_feed_positions");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getInt(1), rs.getLong(2));
        }
        return out;
    }

    private static void apply(Connection c, FraudAlert a) throws SQLException {
        Timestamp eventTime = Timestamp.from(Instant.ofEpochMilli(a.getEventTimeMs()));
        Timestamp detected = Timestamp.from(Instant.ofEpochMilli(a.getDetectedAtMs()));
        String evidence = evidenceJson(a.getEvidence());
        try (PreparedStatement ps = c.prepareStatement("SELECT id, state, event_time, evidence::text FROM risk.alerts WHERE alert_key = ? ORDER BY id DESC LIMIT 1 FOR UPDATE")) {
            ps.setString(1, a.getAlertId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long id = rs.getLong(1);
                    AlertState state = AlertState.parse(rs.getString(2));
                    Timestamp known = rs.getTimestamp(3);
                    if (state.active()) {
                        if (eventTime.before(known)) return; // an older version, re-published after a restart
                        try (PreparedStatement up = c.prepareStatement("UPDATE risk.alerts SET rule_version = ?, severity = ?, score = ?, evidence = ?::jsonb, "
                                + "event_time = ?, last_detected = ?, updates = updates + 1 WHERE id = ? AND evidence <> ?::jsonb")) {
                            up.setInt(1, a.getRuleVersion());
                            up.setString(2, a.getSeverity());
                            up.setDouble(3, a.getScore());
                            up.setString(4, evidence);
                            up.setTimestamp(5, eventTime);
                            up.setTimestamp(6, detected);
                            up.setLong(7, id);
                            up.setString(8, evidence);
                            up.executeUpdate();
                        }
                        return;
                    }
                    if (!eventTime.after(known)) return; // what was decided on, published again
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO risk.alerts (alert_key, rule, rule_version, severity, score, entity_type, entity_id, "
                + "evidence, event_time, first_detected, last_detected) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
            ins.setString(1, a.getAlertId());
            ins.setString(2, a.getRule());
            ins.setInt(3, a.getRuleVersion());
            ins.setString(4, a.getSeverity());
            ins.setDouble(5, a.getScore());
            ins.setString(6, a.getEntityType());
            ins.setString(7, a.getEntityId());
            ins.setString(8, evidence);
            ins.setTimestamp(9, eventTime);
            ins.setTimestamp(10, detected);
            ins.setTimestamp(11, detected);
            ins.executeUpdate();
        }
    }

    private static String evidenceJson(List<Evidence> evidence) {
        ArrayNode array = JSON.createArrayNode();
        for (Evidence e : evidence) {
            ObjectNode n = array.addObject();
            n.put("kind", e.getKind());
            n.put("id", e.getId());
            n.put("detail", e.getDetail());
        }
        return array.toString();
    }

    /** Alerts, newest first, optionally of one state and one rule. */
    public List<Alert> alerts(Optional<AlertState> state, Optional<String> rule, int limit) throws SQLException {
        return alerts(state, rule, Optional.empty(), limit);
    }

    /** Alerts, newest first, optionally of one state, one rule and one severity. */
    public List<Alert> alerts(Optional<AlertState> state, Optional<String> rule, Optional<String> severity, int limit) throws SQLException {
        String sql = "SELECT * FROM risk.alerts WHERE (?::text IS NULL OR state = ?) AND (?::text IS NULL OR rule = ?) "
                + "AND (?::text IS NULL OR severity = ?) ORDER BY last_detected DESC, id DESC LIMIT ?";
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            String s = state.map(AlertState::sql).orElse(null);
            String r = rule.orElse(null);
            String v = severity.orElse(null);
            ps.setString(1, s);
            ps.setString(2, s);
            ps.setString(3, r);
            ps.setString(4, r);
            ps.setString(5, v);
            ps.setString(6, v);
            ps.setInt(7, limit);
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(alert(rs));
            }
            return out;
        }
    }

    /** Alerts naming a record (a retailer, an order, ...) as their entity or in their evidence, newest first. */
    public List<Alert> naming(String kind, String id, int limit) throws SQLException {
        String sql = "SELECT * FROM risk.alerts WHERE (entity_type = ? AND entity_id = ?) "
                + "OR evidence @> jsonb_build_array(jsonb_build_object('kind', ?::text, 'id', ?::text)) ORDER BY last_detected DESC, id DESC LIMIT ?";
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, kind);
            ps.setString(2, id);
            ps.setString(3, kind);
            ps.setString(4, id);
            ps.setInt(5, limit);
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(alert(rs));
            }
            return out;
        }
    }

    /** How many alerts there are of each rule x severity x state: the queue's counts. */
    public record Count(String rule, String severity, AlertState state, long alerts) {}

    public List<Count> counts() throws SQLException {
        List<Count> out = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT rule, severity, state, count(*) FROM risk.alerts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Count(rs.getString(1), rs.getString(2), AlertState.parse(rs.getString(3)), rs.getLong(4)));
        }
        return out;
    }

    /** Changes whenever an alert is added, updated or acted on: what a live queue compares to know it must refresh. */
    public String version() throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), coalesce(sum(updates), 0), max(last_detected), max(state_changed_at), (SELECT max(id) FROM risk.audit) FROM risk.alerts");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getTimestamp(3) + "/" + rs.getTimestamp(4) + "/" + rs.getLong(5);
        }
    }

    public Optional<Alert> alert(long id) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement("SELECT * FROM risk.alerts WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        }
    }

    /** Moves an alert to a new state, audited (who, what, why) in the same transaction. */
    public Alert transition(long id, AlertState next, String by, String note) throws SQLException {
        if (by == null || by.isBlank()) throw new IllegalArgumentException("an action on an alert names who takes it (--by)");
        if (note == null || note.isBlank()) throw new IllegalArgumentException("an action on an alert says why (--note)");
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            AlertState current;
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM risk.alerts WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalArgumentException("no alert " + id);
                    current = AlertState.parse(rs.getString(1));
                }
            }
            if (!current.mayMoveTo(next)) {
                throw new IllegalArgumentException("alert " + id + " is " + current.sql() + "; it cannot become " + next.sql());
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE risk.alerts SET state = ?, state_changed_at = now(), state_changed_by = ? WHERE id = ?")) {
                ps.setString(1, next.sql());
                ps.setString(2, by);
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO risk.audit (actor, action, subject, note) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, by);
                ps.setString(2, next.sql());
                ps.setString(3, "alert " + id);
                ps.setString(4, note);
                ps.executeUpdate();
            }
            c.commit();
        }
        return alert(id).orElseThrow();
    }

    /** The audit trail of one subject ("alert 12", "retailer 7", "order 9"), oldest first. */
    public List<AuditEntry> audit(String subject) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT at, actor, action, subject, note FROM risk.audit WHERE subject = ? ORDER BY id")) {
            ps.setString(1, subject);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new AuditEntry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
            return out;
        }
    }

    public List<RuleStats> stats() throws SQLException {
        Map<String, Map<AlertState, Long>> byRule = new LinkedHashMap<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT rule, state, count(*) FROM risk.alerts GROUP BY rule, state ORDER BY rule, state"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) byRule.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(AlertState.parse(rs.getString(2)), rs.getLong(3));
        }
        return byRule.entrySet().stream().map(e -> new RuleStats(e.getKey(), e.getValue())).toList();
    }

    /**
     * The combined risk of each retailer named by an active alert (as its entity or in its evidence): the chance that
     * at least one of its alerts is right, taking each alert's score as that chance, 1 - prod(1 - score).
     */
    public Map<Long, Double> retailerRisk(int limit) throws SQLException {
        Map<Long, Double> keep = new HashMap<>();
        for (Alert a : alerts(Optional.empty(), Optional.empty(), 100_000)) {
            if (!a.state().active()) continue;
            java.util.Set<Long> retailers = new java.util.HashSet<>();
            if ("retailer".equals(a.entityType())) retailers.add(Long.parseLong(a.entityId()));
            for (Map<String, String> e : a.evidence()) if ("retailer".equals(e.get("kind"))) retailers.add(Long.parseLong(e.get("id")));
            for (long r : retailers) keep.merge(r, 1 - a.score(), (x, y) -> x * y);
        }
        Map<Long, Double> out = new LinkedHashMap<>();
        keep.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(limit).forEach(e -> out.put(e.getKey(), 1 - e.getValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Alert alert(ResultSet rs) throws SQLException {
        List<Map<String, String>> evidence;
        try {
            evidence = JSON.readValue(rs.getString("evidence"), List.class);
        } catch (java.io.IOException e) {
            throw new SQLException("alert " + rs.getLong("id") + " has unreadable evidence", e);
        }
        Timestamp changed = rs.getTimestamp("state_changed_at");
        return new Alert(rs.getLong("id"), rs.getString("alert_key"), rs.getString("rule"), rs.getInt("rule_version"), rs.getString("severity"),
                rs.getDouble("score"), rs.getString("entity_type"), rs.getString("entity_id"), evidence, rs.getTimestamp("event_time").toInstant(),
                rs.getTimestamp("first_detected").toInstant(), rs.getTimestamp("last_detected").toInstant(), rs.getInt("updates"),
                AlertState.parse(rs.getString("state")), changed.toInstant(), rs.getString("state_changed_by"));
    }
}
