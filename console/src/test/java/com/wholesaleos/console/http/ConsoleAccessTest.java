package com.wholesaleos.console.http;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.console.access.ConsoleUsers;
import com.wholesaleos.console.access.Role;
import com.wholesaleos.console.leadership.WarehouseFigures;
import com.wholesaleos.console.risk.EvidenceRecords;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.risk.RiskActions;
import com.wholesaleos.riskdesk.AlertStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's server side on a real PostgreSQL and a real HTTP server: every route's role check (read from the
 * areas' own route lists, so a new route is covered without touching this test), sign-in, lockout, CSRF, cookies.
 * No Kafka or Trino here: their figures answer 503, which is not an access decision.
 */
class ConsoleAccessTest {
    private static final String PASSWORD = "a long enough password";
    private static final int MAX_FAILURES = 3;
    private static EmbeddedPostgres pg;
    private static MarketplaceDatabase db;
    private static ConsoleUsers users;
    private static ConsoleServer server;
    private static List<ConsoleServer.Area> areas;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        db = new MarketplaceDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        db.migrate();
        dataDir = Files.createTempDirectory("wos-console-");
        WosConfig config = WosConfig.load(null, Map.of(), Map.of("data-dir", dataDir.toString(), "postgres.port", String.valueOf(pg.getPort()),
                "postgres.database", "postgres", "trino.url", "http://127.0.0.1:9"));
        users = new ConsoleUsers(db, MAX_FAILURES, Duration.ofMinutes(10));
        for (Role r : Role.values()) users.add(r.sql() + "-user", r, PASSWORD.toCharArray(), false);
        areas = List.of(new LeadershipRoutes(Optional::empty, new WarehouseFigures(config), 100),
                new RiskRoutes(new AlertStore(db), new RiskActions(db), new EvidenceRecords(db), 100), new HealthRoutes(config));
        server = new ConsoleServer(users, areas).start(new ConsoleServer.Options("127.0.0.1", 0, false, Duration.ofHours(1)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (pg != null) pg.close();
    }

    /** Every route of every area, with a concrete path. */
    private static List<String[]> routes() {
        List<String[]> out = new ArrayList<>();
        for (ConsoleServer.Area a : areas) {
            for (ConsoleServer.Route r : a.routes()) out.add(new String[] {r.method(), r.path().replace("{id}", "999999").replace("{kind}", "order")});
            for (String stream : a.streams().keySet()) out.add(new String[] {"SSE", stream});
        }
        return out;
    }

    private static int call(ConsoleClient c, String[] route) throws Exception {
        if (route[0].equals("POST")) return c.post(route[1], Map.of("action", "ack", "note", "n"), true).statusCode();
        if (route[0].equals("SSE")) {
            var r = c.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + route[1]))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return r.statusCode();
        }
        return c.get(route[1]).statusCode();
    }

    @Test
    void everyRouteChecksTheRoleOnTheServer() throws Exception {
        List<String[]> routes = routes();
        assertTrue(routes.size() >= 15, "routes found: " + routes.size());
        for (Role role : Role.values()) {
            ConsoleClient c = new ConsoleClient(server.port());
            assertEquals(302, c.signIn(role.sql() + "-user", PASSWORD).statusCode());
            for (String[] route : routes) {
                Role.Area area = ConsoleServer.areaOf(route[1]).orElseThrow(() -> new AssertionError("route " + route[1] + " belongs to no area"));
                int status = call(c, route);
                if (role.mayEnter(area)) {
                    assertTrue(status != 401 && status != 403, role + " " + route[0] + " " + route[1] + ": " + status);
                } else {
                    assertEquals(403, status, role + " " + route[0] + " " + route[1]);
                }
            }
        }
    }

    @Test
    void signedOutPagesGoToTheSignInAndApisAnswer401() throws Exception {
        ConsoleClient c = new ConsoleClient(server.port());
        c.get("/sign-in");
        for (String[] route : routes()) {
            boolean page = !route[1].startsWith("/api/") && !route[1].startsWith("/events/") && !route[1].equals("/metrics");
            if (page && route[0].equals("GET")) {
                HttpResponse<String> r = c.get(route[1]);
                assertEquals(302, r.statusCode(), route[1]);
                assertTrue(r.headers().firstValue("Location").orElse("").startsWith("/sign-in?next="), route[1]);
            } else {
                assertEquals(page ? 302 : 401, call(c, route), route[0] + " " + route[1]);
            }
        }
    }

    @Test
    void theAlertQueueIsNewestFirstFilteredByRuleSeverityAndStateAndCounted() throws Exception {
        AlertStore store = new AlertStore(db);
        long t = System.currentTimeMillis();
        store.apply(List.of(alert("queue-a-1", "queue-rule-a", "high", t - 3_000), alert("queue-a-2", "queue-rule-a", "low", t - 2_000),
                alert("queue-b-1", "queue-rule-b", "high", t - 1_000)), Map.of());
        long dismissed = store.alerts(Optional.empty(), Optional.of("queue-rule-a"), 10).stream().filter(a -> a.key().equals("queue-a-1")).findFirst().orElseThrow().id();
        store.transition(dismissed, com.wholesaleos.riskdesk.AlertState.DISMISSED, "tester", "not fraud");
        ConsoleClient c = new ConsoleClient(server.port());
        c.signIn("risk-user", PASSWORD);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var all = json.readTree(c.get("/api/risk/alerts?rule=queue-rule-a").body());
        assertEquals(List.of("queue-rule-a", "queue-rule-a"), keys(all, "rule"));
        assertEquals(List.of("low", "high"), keys(all, "severity"), "newest first");
        assertEquals(List.of("high"), keys(json.readTree(c.get("/api/risk/alerts?rule=queue-rule-a&severity=high").body()), "severity"));
        var open = json.readTree(c.get("/api/risk/alerts?state=open&severity=high").body());
        assertTrue(keys(open, "rule").contains("queue-rule-b") && !keys(open, "rule").contains("queue-rule-a"), open.toString());
        assertEquals(2, all.path("counts").path("rule").path("queue-rule-a").asLong());
        assertEquals(1, all.path("counts").path("rule").path("queue-rule-b").asLong());
        assertEquals(2, all.path("counts").path("matching").asLong());
        assertTrue(all.path("counts").path("state").path("dismissed").asLong() >= 1);
        assertEquals(400, c.get("/api/risk/alerts?state=closed").statusCode(), "an unknown state is refused, naming the states");
    }

    private static com.wholesaleos.schemas.fraud.FraudAlert alert(String key, String rule, String severity, long at) {
        return com.wholesaleos.schemas.fraud.FraudAlert.newBuilder().setAlertId(key).setRule(rule).setRuleVersion(1).setSeverity(severity).setScore(0.5)
                .setEntityType("retailer").setEntityId("7").setEvidence(List.of()).setEventTimeMs(at).setDetectedAtMs(at).setSourceCommitMs(at).build();
    }

    private static List<String> keys(com.fasterxml.jackson.databind.JsonNode queue, String field) {
        List<String> out = new ArrayList<>();
        queue.path("alerts").forEach(a -> out.add(a.path(field).asText()));
        return out;
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() throws Exception {
        users.add("wrong-pw", Role.RISK, PASSWORD.toCharArray(), false);
        ConsoleClient c = new ConsoleClient(server.port());
        HttpResponse<String> wrong = c.signIn("wrong-pw", "not the password");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("Wrong name or password."));
        HttpResponse<String> unknown = c.signIn("nobody-here", "not the password");
        assertEquals(401, unknown.statusCode());
        assertTrue(unknown.body().contains("Wrong name or password."));
        assertEquals(401, c.get("/api/risk/alerts").statusCode(), "still signed out");
        assertEquals(List.of("wrong_password", "unknown_user"), outcomes("wrong-pw", "nobody-here"));
    }

    @Test
    void repeatedFailuresLockTheAccountEvenAgainstTheRightPasswordUntilUnlocked() throws Exception {
        users.add("locked-out", Role.LEADERSHIP, PASSWORD.toCharArray(), false);
        ConsoleClient c = new ConsoleClient(server.port());
        for (int i = 1; i < MAX_FAILURES; i++) assertEquals(401, c.signIn("locked-out", "guess " + i).statusCode());
        HttpResponse<String> locked = c.signIn("locked-out", "guess " + MAX_FAILURES);
        assertEquals(423, locked.statusCode());
        assertTrue(locked.body().contains("locked"), locked.body());
        assertEquals(423, c.signIn("locked-out", PASSWORD).statusCode(), "the right password does not open a locked account");
        assertEquals(401, c.get("/api/leadership/today").statusCode());
        assertTrue(users.unlock("locked-out"));
        assertEquals(302, c.signIn("locked-out", PASSWORD).statusCode());
        assertEquals(200, c.get("/api/leadership/today").statusCode());
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
        ConsoleClient c = new ConsoleClient(server.port());
        c.signIn("risk-user", PASSWORD);
        HttpResponse<String> r = c.post("/risk/alerts/1/actions", Map.of("action", "dismiss", "note", "no token"), false);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("CSRF"), r.body());
        // A signed-out sign-in form without the token is refused too (login CSRF).
        ConsoleClient fresh = new ConsoleClient(server.port());
        assertEquals(403, fresh.post("/sign-in", Map.of("name", "risk-user", "password", PASSWORD), false).statusCode());
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteAndChangesAtSignIn() throws Exception {
        ConsoleClient c = new ConsoleClient(server.port());
        HttpResponse<String> page = c.get("/sign-in");
        String before = page.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(ConsoleServer.SESSION_COOKIE)).findFirst().orElseThrow();
        assertTrue(before.contains("HttpOnly"), before);
        assertTrue(before.toLowerCase().contains("samesite=strict"), before);
        HttpResponse<String> signedIn = c.post("/sign-in", Map.of("name", "admin-user", "password", PASSWORD), true);
        String after = signedIn.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(ConsoleServer.SESSION_COOKIE)).findFirst().orElseThrow();
        assertNotEquals(before.split(";")[0], after.split(";")[0], "a new session id at sign-in");
    }

    @Test
    void passwordsAreStoredOnlyAsBcryptHashes() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT password_hash FROM console.users WHERE name = 'admin-user'")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("$2b$12$"), rs.getString(1));
            assertFalse(rs.getString(1).contains(PASSWORD));
        }
    }

    @Test
    void prometheusScrapesMetricsWithAnEngineersCredentials() throws Exception {
        ConsoleClient c = new ConsoleClient(server.port());
        var engineer = c.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .header("Authorization", basic("engineer-user", PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, engineer.statusCode());
        assertTrue(engineer.body().contains("wos_platform_healthy 0"), engineer.body());
        var leadership = c.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .header("Authorization", basic("leadership-user", PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, leadership.statusCode());
        var anonymous = c.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<String> outcomes(String... names) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT outcome FROM console.sign_ins WHERE name IN ('" + String.join("','", names) + "') ORDER BY id")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
