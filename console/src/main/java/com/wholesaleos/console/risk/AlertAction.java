package com.wholesaleos.console.risk;

import com.wholesaleos.marketplace.risk.RiskActions;
import com.wholesaleos.riskdesk.AlertState;
import com.wholesaleos.riskdesk.AlertStore;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The actions of {@code wos risk} as the console offers them on an alert's page: four move the alert (ack, escalate,
 * dismiss, confirm), four act on an account or order in its evidence (block/unblock a retailer, hold/release an order).
 * Every one needs a note and is audited with the signed-in user's name.
 */
public enum AlertAction {
    ACK("Acknowledge", AlertState.ACKNOWLEDGED, null),
    ESCALATE("Escalate", AlertState.ESCALATED, null),
    DISMISS("Dismiss (not fraud)", AlertState.DISMISSED, null),
    CONFIRM("Confirm fraud", AlertState.CONFIRMED, null),
    BLOCK("Block retailer", null, "retailer"),
    UNBLOCK("Unblock retailer", null, "retailer"),
    HOLD("Hold order", null, "order"),
    RELEASE("Release order", null, "order");

    private final String title;
    private final AlertState moveTo;
    private final String targetKind;

    AlertAction(String title, AlertState moveTo, String targetKind) {
        this.title = title;
        this.moveTo = moveTo;
        this.targetKind = targetKind;
    }

    public String title() { return title; }
    public String id() { return name().toLowerCase(Locale.ROOT); }
    /** The kind of evidence it acts on (retailer, order), or empty for an action on the alert itself. */
    public Optional<String> targetKind() { return Optional.ofNullable(targetKind); }

    public static AlertAction parse(String text) {
        return Arrays.stream(values()).filter(a -> a.id().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown action '" + text + "'"));
    }

    /** Takes the action; {@code targetId} is the retailer's or order's id for the actions on evidence. */
    public void apply(AlertStore alerts, RiskActions risk, long alertId, Optional<Long> targetId, String by, String note) throws SQLException {
        if (note == null || note.isBlank()) throw new IllegalArgumentException("say why: every action needs a note");
        if (moveTo != null) {
            alerts.transition(alertId, moveTo, by, note.trim());
            return;
        }
        long id = targetId.orElseThrow(() -> new IllegalArgumentException(title + " needs the " + targetKind + " to act on"));
        String why = note.trim() + " (alert " + alertId + ")";
        switch (this) {
            case BLOCK -> risk.blockRetailer(id, by, why);
            case UNBLOCK -> risk.unblockRetailer(id, by, why);
            case HOLD -> risk.holdOrder(id, by, why);
            case RELEASE -> risk.releaseOrder(id, by, why);
            default -> throw new IllegalStateException(name());
        }
    }
}
