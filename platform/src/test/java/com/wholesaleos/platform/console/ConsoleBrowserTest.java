package com.wholesaleos.platform.console;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.console.WebConsole;
import com.wholesaleos.console.access.Role;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.marketplace.simulator.GrowthPhase;
import com.wholesaleos.marketplace.simulator.MarketplaceSimulator;
import com.wholesaleos.platform.devtools.DemoRun;
import com.wholesaleos.platform.launcher.Platform;
import com.wholesaleos.riskdesk.AlertState;
import com.wholesaleos.riskdesk.AlertStore;
import com.wholesaleos.schemas.fraud.Evidence;
import com.wholesaleos.schemas.fraud.FraudAlert;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real headless Chromium against a running platform (capture, live GMV job, console stage), as
 * each role uses it. Figures on the page are checked against SQL over PostgreSQL; actions against the audit table.
 * Each test signs in afresh and brings its own data, so none depends on another.
 */
class ConsoleBrowserTest {
    private static final String PASSWORD = "browser test password";
    private static final AtomicLong ALERTS = new AtomicLong();
    private static Path dataDir;
    private static Platform platform;
    private static MarketplaceDatabase db;
    private static ConsoleBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("wos-console-it-");
        Map<String, String> overrides = new java.util.HashMap<>(DemoRun.isolated(dataDir));
        overrides.put("stages.enabled", "ingestion,live-gmv,console");
        platform = Platform.start(WosConfig.load(null, Map.of(), overrides), m -> System.out.println("[platform] " + m));
        platform.awaitReady();
        db = MarketplaceDatabase.from(platform.config());
        var users = WebConsole.users(platform.config());
        for (Role r : Role.values()) users.add(r.sql(), r, PASSWORD.toCharArray(), false);
        users.add("ana", Role.RISK, PASSWORD.toCharArray(), false);
        browser = new ConsoleBrowser(Platform.restUrl(platform.config(), WosStages.CONSOLE));
        simulate(60, 1);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (platform != null) platform.close();
        if (dataDir != null) DemoRun.deleteRecursively(dataDir);
    }

    private static void simulate(long orders, long seed) throws Exception {
        new MarketplaceSimulator(db, new MarketplaceSimulator.Plan(GrowthPhase.MVP, 40, orders, null, seed)).run(p -> {}, () -> false);
    }

    private static BigDecimal sqlGmvToday(String currency) {
        try (Connection c = db.connect()) {
            return SourceGmv.byDay(c).getOrDefault(LocalDate.now(ZoneOffset.UTC) + "|" + currency, BigDecimal.ZERO);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fraud alert as the risk desk stores it from the topic, naming a real retailer and order. */
    private static long newAlert() throws Exception {
        long retailer;
        long order;
        long n = ALERTS.incrementAndGet();
        // Each alert names a retailer and an order no other alert of this class names: tests' audits never mix.
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT DISTINCT ON (retailer_id) id, retailer_id FROM orders ORDER BY retailer_id, id OFFSET " + n + " LIMIT 1")) {
            assertTrue(rs.next());
            order = rs.getLong(1);
            retailer = rs.getLong(2);
        }
        String key = "browser-test-" + n + "-" + System.nanoTime();
        long now = System.currentTimeMillis();
        FraudAlert alert = FraudAlert.newBuilder().setAlertId(key).setRule("order-velocity").setRuleVersion(1).setSeverity("high").setScore(0.9)
                .setEntityType("retailer").setEntityId(String.valueOf(retailer))
                .setEvidence(List.of(new Evidence("order", String.valueOf(order), "12 orders in an hour"), new Evidence("retailer", String.valueOf(retailer), "young account")))
                .setEventTimeMs(now).setDetectedAtMs(now).setSourceCommitMs(now).build();
        AlertStore store = new AlertStore(db);
        store.apply(List.of(alert), Map.of());
        return store.alerts(java.util.Optional.empty(), java.util.Optional.empty(), 50).stream().filter(a -> a.key().equals(key)).findFirst().orElseThrow().id();
    }

    private List<String> menu() {
        return browser.all("#menu a").stream().map(WebElement::getText).toList();
    }

    @Test
    void eachRoleSignsInToItsOwnAreaAndSeesOnlyItsMenu() throws Exception {
        Map<Role, List<String>> expected = Map.of(Role.LEADERSHIP, List.of("Leadership"), Role.RISK, List.of("Risk"), Role.ENGINEER, List.of("Health"),
                Role.ADMIN, List.of("Leadership", "Risk", "Health"));
        for (Role role : Role.values()) {
            browser.signIn(role.sql(), PASSWORD);
            browser.waitFor(d -> d.getCurrentUrl().endsWith(role.home().path()));
            assertEquals(expected.get(role), menu(), role.sql());
            assertTrue(browser.text("who").contains(role.sql()));
        }
        browser.signIn("leadership", "not the password");
        assertEquals("Wrong name or password.", browser.text("sign-in-error"));
        assertTrue(browser.driver.getCurrentUrl().contains("/sign-in"));
    }

    @Test
    void theLiveGmvTileFollowsCommittedOrdersWithoutAReloadAndEqualsSql() throws Exception {
        browser.signIn("leadership", PASSWORD);
        browser.open("/leadership");
        // Settled on what is committed so far: the tile equals SQL over PostgreSQL to the cent.
        browser.waitFor(d -> sqlGmvToday("USD").toPlainString().equals(tileGmv("USD")));
        String before = tileGmv("USD");
        browser.script("window.__sameDocument = 'yes';");
        long committed = System.currentTimeMillis();
        simulate(8, 2);
        BigDecimal expected = sqlGmvToday("USD");
        assertNotEquals(new BigDecimal(before), expected, "the new orders changed GMV");
        browser.waitFor(d -> expected.toPlainString().equals(tileGmv("USD")));
        long seen = System.currentTimeMillis();
        assertEquals("yes", browser.script("return window.__sameDocument;"), "pushed into the open page, not reloaded");
        System.out.printf("[console] live GMV tile: %s -> %s, shown %d ms after the simulator's last commit returned%n", before, expected, seen - committed);
        browser.screenshot("leadership");
    }

    private String tileGmv(String currency) {
        String data = browser.driver.findElement(By.id("gmv-today")).getAttribute("data-gmv");
        if (data == null) return null;
        return java.util.Arrays.stream(data.split(",")).filter(s -> s.startsWith(currency + ":")).map(s -> s.substring(currency.length() + 1)).findFirst().orElse(null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGmvChartDrawsEveryLiveMinuteWindowAndRollsUpByHour() throws Exception {
        browser.signIn("leadership", PASSWORD);
        browser.open("/leadership");
        TreeMap<Long, BigDecimal> expected = new TreeMap<>();
        try (Connection c = db.connect()) {
            SourceGmv.byMinute(c).forEach((k, v) -> { if (k.currency().equals("USD")) expected.merge(k.windowStartMs(), v, BigDecimal::add); });
        }
        assertFalse(expected.isEmpty());
        String chartData = "const c = echarts.getInstanceByDom(document.getElementById('gmv-chart')); if (!c) return null;"
                + " const s = c.getOption().series; return s && s[0] ? s[0].data.map(p => [String(p[0]), String(p[1])]) : null;";
        browser.waitFor(d -> chartPoints((List<List<String>>) browser.script(chartData)).equals(doubles(expected)));
        new Select(browser.driver.findElement(By.id("f-grain"))).selectByValue("hour");
        TreeMap<Long, BigDecimal> hourly = new TreeMap<>();
        expected.forEach((t, v) -> hourly.merge(t - Math.floorMod(t, 3_600_000L), v, BigDecimal::add));
        browser.waitFor(d -> chartPoints((List<List<String>>) browser.script(chartData)).equals(doubles(hourly)));
        browser.screenshot("leadership-hourly");
        // One region and one segment (a pair with orders): the chart is SQL's windows of that region and segment.
        Map<SourceGmv.MinuteKey, BigDecimal> minutes;
        try (Connection c = db.connect()) {
            minutes = SourceGmv.byMinute(c);
        }
        SourceGmv.MinuteKey busiest = minutes.keySet().stream().filter(k -> k.currency().equals("USD"))
                .max(java.util.Comparator.comparing(minutes::get)).orElseThrow();
        long regionId = busiest.regionId();
        String segmentName = busiest.segment();
        new Select(browser.driver.findElement(By.id("f-region"))).selectByValue(String.valueOf(regionId));
        new Select(browser.driver.findElement(By.id("f-segment"))).selectByValue(segmentName);
        TreeMap<Long, BigDecimal> filtered = new TreeMap<>();
        minutes.forEach((k, v) -> {
            if (k.currency().equals("USD") && k.regionId() == regionId && k.segment().equals(segmentName)) {
                filtered.merge(k.windowStartMs() - Math.floorMod(k.windowStartMs(), 3_600_000L), v, BigDecimal::add);
            }
        });
        assertFalse(filtered.isEmpty(), "region " + regionId + ", segment " + segmentName);
        browser.waitFor(d -> chartPoints((List<List<String>>) browser.script(chartData)).equals(doubles(filtered)));
        // For the README: the live part alone (no Trino runs beside this test, so the warehouse sections only say so).
        new Select(browser.driver.findElement(By.id("f-region"))).selectByValue("");
        new Select(browser.driver.findElement(By.id("f-segment"))).selectByValue("");
        new Select(browser.driver.findElement(By.id("f-grain"))).selectByValue("minute");
        browser.waitFor(d -> chartPoints((List<List<String>>) browser.script(chartData)).equals(doubles(expected)));
        browser.script("document.querySelectorAll('main > section').forEach((s, i) => { if (i > 1) s.style.display = 'none'; });");
        browser.screenshot("leadership-live");
    }

    private static Map<Long, Double> chartPoints(List<List<String>> points) {
        if (points == null) return Map.of();
        return points.stream().collect(Collectors.toMap(p -> (long) Double.parseDouble(p.get(0)), p -> Double.parseDouble(p.get(1)), (a, b) -> a, TreeMap::new));
    }

    private static Map<Long, Double> doubles(Map<Long, BigDecimal> m) {
        TreeMap<Long, Double> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.doubleValue()));
        return out;
    }

    @Test
    void aRiskAnalystSeesANewAlertArriveDismissesItWithANoteAndTheAuditNamesHer() throws Exception {
        browser.signIn("ana", PASSWORD);
        browser.open("/risk");
        browser.waitFor(d -> !browser.text("queue-matching").isEmpty());
        browser.script("window.__sameDocument = 'yes';");
        long id = newAlert();
        WebElement row = browser.waitFor(d -> d.findElement(By.cssSelector("#queue tr[data-alert-id='" + id + "']")));
        assertEquals("yes", browser.script("return window.__sameDocument;"), "the queue updated live");
        assertTrue(row.getText().contains("order-velocity") && row.getText().contains("open"), row.getText());
        browser.screenshot("risk");
        row.findElement(By.tagName("a")).click();
        browser.waitFor(d -> "open".equals(browser.text("alert-state")));
        assertEquals(2, browser.all("#evidence tbody tr").size());
        assertFalse(browser.all("#evidence a[href^='/risk/records/order/']").isEmpty(), "evidence links to the order");
        browser.screenshot("risk-alert");
        new Select(browser.driver.findElement(By.id("action"))).selectByValue("dismiss");
        browser.driver.findElement(By.id("note")).sendKeys("known wholesale buyer restocking before a promotion");
        browser.driver.findElement(By.id("act")).click();
        browser.waitFor(d -> "dismissed".equals(browser.text("alert-state")));
        WebElement audit = browser.waitFor(d -> d.findElement(By.cssSelector("#audit tbody tr")));
        assertTrue(audit.getText().contains("ana") && audit.getText().contains("dismissed")
                && audit.getText().contains("known wholesale buyer restocking before a promotion"), audit.getText());
        var trail = new AlertStore(db).audit("alert " + id);
        assertEquals(1, trail.size());
        assertEquals("ana", trail.get(0).actor());
        assertEquals(AlertState.DISMISSED, new AlertStore(db).alert(id).orElseThrow().state());
        browser.screenshot("risk-alert-dismissed");
        // The record the evidence links to, with the alerts that name it.
        browser.driver.findElement(By.cssSelector("#evidence a[href^='/risk/records/order/']")).click();
        browser.waitFor(d -> !browser.all("#record-fields tbody tr").isEmpty());
        assertFalse(browser.all("#record-alerts a[href='/risk/alerts/" + id + "']").isEmpty());
    }

    @Test
    void leadershipPagesCarryNoCustomersPersonalData() throws Exception {
        List<String> personal = new java.util.ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, contact_phone, default_address, signup_device FROM retailers ORDER BY id LIMIT 200")) {
            while (rs.next()) for (int i = 1; i <= 4; i++) if (rs.getString(i) != null && rs.getString(i).length() >= 6) personal.add(rs.getString(i));
        }
        assertTrue(personal.size() > 100, "retailers' personal data to look for: " + personal.size());
        browser.signIn("leadership", PASSWORD);
        browser.open("/leadership");
        browser.waitFor(d -> tileGmv("USD") != null);
        StringBuilder seen = new StringBuilder(browser.driver.getPageSource());
        for (String api : List.of("/api/leadership/today", "/api/leadership/gmv?grain=minute", "/api/leadership/filters")) {
            seen.append(browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('" + api + "').then(r => r.text()).then(done, e => done(String(e)));"));
        }
        List<String> leaked = personal.stream().filter(p -> seen.indexOf(p) >= 0).toList();
        assertEquals(List.of(), leaked);
    }

    @Test
    void aRiskAnalystBlocksTheRetailerAndHoldsTheOrderFromTheAlertAndBothAreAudited() throws Exception {
        long id = newAlert();
        var alert = new AlertStore(db).alert(id).orElseThrow();
        long retailer = Long.parseLong(alert.entityId());
        long order = Long.parseLong(alert.evidence().stream().filter(e -> e.get("kind").equals("order")).findFirst().orElseThrow().get("id"));
        browser.signIn("ana", PASSWORD);
        for (String[] act : List.of(new String[] {"block", "retailer " + retailer}, new String[] {"hold", "order " + order})) {
            browser.open("/risk/alerts/" + id);
            browser.waitFor(d -> "open".equals(browser.text("alert-state")));
            new Select(browser.driver.findElement(By.id("action"))).selectByValue(act[0]);
            new Select(browser.driver.findElement(By.id("target"))).selectByVisibleText(act[1]);
            browser.driver.findElement(By.id("note")).sendKeys("stop it while we look");
            browser.driver.findElement(By.id("act")).click();
            browser.waitFor(d -> d.getCurrentUrl().contains("done=" + act[0])
                    && browser.all("#audit tbody tr").stream().anyMatch(r -> r.getText().contains(act[1]) && r.getText().contains("ana")));
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT blocked_by FROM risk.retailer_blocks WHERE retailer_id = " + retailer)) {
                assertTrue(rs.next());
                assertEquals("ana", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT held_by FROM risk.order_holds WHERE order_id = " + order)) {
                assertTrue(rs.next());
                assertEquals("ana", rs.getString(1));
            }
        }
        assertEquals("ana", new AlertStore(db).audit("retailer " + retailer).get(0).actor());
        assertEquals(AlertState.OPEN, new AlertStore(db).alert(id).orElseThrow().state(), "acting on the marketplace does not decide the alert");
    }

    @Test
    void leadershipHasNoRiskMenuAndARiskActionIsRefused403() throws Exception {
        long id = newAlert();
        browser.signIn("leadership", PASSWORD);
        browser.open("/leadership");
        assertTrue(browser.all("#menu a.nav-risk").isEmpty(), "no risk menu: " + menu());
        Object status = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/risk/alerts/" + id + "/actions', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                + " body: new URLSearchParams({_csrf: document.querySelector('meta[name=\"csrf-token\"]').content, action: 'dismiss', note: 'not mine to decide'})})"
                + ".then(r => done(r.status), e => done(String(e)));");
        assertEquals(403L, status);
        browser.open("/risk");
        assertEquals("403", browser.text("refused-status"));
        browser.screenshot("leadership-refused-risk");
        assertEquals(AlertState.OPEN, new AlertStore(db).alert(id).orElseThrow().state());
        assertTrue(new AlertStore(db).audit("alert " + id).isEmpty());
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
        long id = newAlert();
        browser.signIn("risk", PASSWORD);
        browser.open("/risk/alerts/" + id);
        browser.waitFor(d -> "open".equals(browser.text("alert-state")));
        browser.script("document.getElementById('action-csrf').remove();");
        new Select(browser.driver.findElement(By.id("action"))).selectByValue("confirm");
        browser.driver.findElement(By.id("note")).sendKeys("forged");
        browser.driver.findElement(By.id("act")).click();
        browser.waitFor(d -> "403".equals(browser.text("refused-status")));
        assertTrue(browser.text("refused-message").contains("CSRF"), browser.text("refused-message"));
        assertEquals(AlertState.OPEN, new AlertStore(db).alert(id).orElseThrow().state());
    }

    @Test
    void anEngineerSeesEachStagesStateFromTheSameSourceAsWosStatus() throws Exception {
        browser.signIn("engineer", PASSWORD);
        browser.open("/health");
        for (String stage : List.of("ingestion", "live-gmv", "console")) {
            WebElement row = browser.waitFor(d -> d.findElement(By.cssSelector("#stages tr[data-stage='" + stage + "']")));
            assertTrue(row.getText().contains("running"), row.getText());
        }
        browser.waitFor(d -> browser.text("pipeline").contains("Replication slot"));
        browser.screenshot("health");
    }
}
