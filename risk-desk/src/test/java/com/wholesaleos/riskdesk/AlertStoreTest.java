package com.wholesaleos.riskdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.schemas.fraud.Evidence;
import com.wholesaleos.schemas.fraud.FraudAlert;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The risk store on a real PostgreSQL with the core service's migrations: what the alert desk writes and the risk team reads. */
class AlertStoreTest {
    private static EmbeddedPostgres postgres;
    private static AlertStore store;
    private static final long T0 = 1_790_000_000_000L;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        MarketplaceDatabase db = new MarketplaceDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        db.migrate();
        store = new AlertStore(db);
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) postgres.close();
    }

    private static FraudAlert alert(String rule, String entity, long at, Evidence... evidence) {
        return FraudAlert.newBuilder().setAlertId(rule + "|retailer|" + entity).setRule(rule).setRuleVersion(1).setSeverity("high").setScore(0.9)
                .setEntityType("retailer").setEntityId(entity).setEvidence(List.of(evidence)).setEventTimeMs(at).setDetectedAtMs(at)
                .setSourceCommitMs(at).build();
    }

    private static Evidence order(String id) {
        return Evidence.newBuilder().setKind("order").setId(id).setDetail("placed").build();
    }

    @Test
    void anAlertNamingAnOrderIsFoundBehindThousandsOfNewerOnes() throws Exception {
        List<FraudAlert> alerts = new ArrayList<>();
        alerts.add(alert("card-testing", "oldest-1", T0, order("order-under-review")));
        for (int i = 0; i < 2_500; i++) alerts.add(alert("order-velocity", "busy-" + i, T0 + 1_000 + i, order("other-" + i)));
        store.apply(alerts, Map.of(0, (long) alerts.size()));

        List<AlertStore.Alert> naming = store.naming("order", "order-under-review", 20);
        assertEquals(1, naming.size(), "found by its evidence, not by scanning the newest alerts");
        assertEquals("card-testing|retailer|oldest-1", naming.get(0).key());
        assertEquals(List.of("busy-7"), store.naming("retailer", "busy-7", 20).stream().map(AlertStore.Alert::entityId).toList(),
                "and by its entity");
        assertEquals(List.of(), store.naming("order", "never-alerted", 20));
    }

    @Test
    void aRepublishedAlertIsAppliedOnceAndThePositionMovesWithIt() throws Exception {
        FraudAlert first = alert("refund-abuse", "replayed-1", T0, order("r-1"));
        store.apply(List.of(first), Map.of(1, 10L));
        store.apply(List.of(first), Map.of(1, 11L)); // the desk restarted before its position was stored: the same record again
        assertEquals(1, store.naming("retailer", "replayed-1", 20).size());
        assertEquals(11L, store.positions().get(1));

        FraudAlert grown = alert("refund-abuse", "replayed-1", T0 + 5_000, order("r-1"), order("r-2"));
        store.apply(List.of(grown), Map.of(1, 12L));
        List<AlertStore.Alert> now = store.naming("retailer", "replayed-1", 20);
        assertEquals(1, now.size(), "one open alert per rule and entity, updated as its evidence grows");
        assertEquals(1, store.naming("order", "r-2", 20).size());
    }

    @Test
    void aDecisionIsAuditedUnderTheAnalystsName() throws Exception {
        store.apply(List.of(alert("account-farm", "decided-1", T0, order("d-1"))), Map.of(2, 1L));
        long id = store.naming("retailer", "decided-1", 20).get(0).id();
        store.transition(id, AlertState.DISMISSED, "ana", "a head office paying for its stores");
        assertEquals(Optional.of(AlertState.DISMISSED), store.alert(id).map(AlertStore.Alert::state));
        List<AlertStore.AuditEntry> audit = store.audit("alert " + id);
        assertEquals(1, audit.size(), audit.toString());
        assertEquals("ana", audit.get(0).actor());
        assertTrue(audit.get(0).note().contains("head office"), audit.toString());
        assertThrows(IllegalArgumentException.class, () -> store.transition(id, AlertState.CONFIRMED, "", "no name"), "an action names who takes it");
    }
}
