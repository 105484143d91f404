package com.wholesaleos.riskdesk;

import java.util.Locale;
import java.util.Set;

/** Where an alert stands in the risk team's work. Dismissed and confirmed are decisions: they end the alert. */
public enum AlertState {
    OPEN, ACKNOWLEDGED, ESCALATED, DISMISSED, CONFIRMED;

    public static final Set<AlertState> ACTIVE = Set.of(OPEN, ACKNOWLEDGED, ESCALATED);

    public boolean active() { return ACTIVE.contains(this); }

    /** An active alert may move to any later state; a decided one stays decided. */
    public boolean mayMoveTo(AlertState next) { return active() && next.ordinal() > ordinal(); }

    public String sql() { return name().toLowerCase(Locale.ROOT); }

    public static AlertState parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown alert state '" + text + "'; expected open, acknowledged, escalated, dismissed or confirmed");
        }
    }
}
