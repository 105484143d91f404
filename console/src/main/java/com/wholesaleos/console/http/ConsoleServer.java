package com.wholesaleos.console.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.wholesaleos.console.access.ConsoleUsers;
import com.wholesaleos.console.access.Role;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;

/**
 * The console's HTTP side on Javalin: sign-in and sessions, the role check every route passes, CSRF on every form,
 * and the routes of each area (declared by {@link LeadershipRoutes}, {@link RiskRoutes}, {@link HealthRoutes}).
 * <p>Access: a route belongs to an area by its path ({@link #AREAS}); the signed-in user's role, read again from the
 * accounts on every request, must enter that area, else 403. Signed out, a page redirects to the sign-in, an API 401.
 */
public final class ConsoleServer implements AutoCloseable {
    /** Path prefixes and the area they belong to: the one place access is decided. */
    public static final Map<String, Role.Area> AREAS = areas();
    /** Paths anyone may reach. */
    static final List<String> PUBLIC = List.of("/ready", "/sign-in", "/favicon.ico", "/assets/", "/webjars/");
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String SESSION_COOKIE = "WOS_CONSOLE";
    private static final String USER = "user";
    private static final String CSRF = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A route of an area: its method and path, as the tests of every route's role check read them. */
    public record Route(String method, String path, Handler handler) {}

    /** What an area serves. */
    public interface Area {
        List<Route> routes();
        /** Server-sent event streams of the area (path to registration), pushed by the area itself. */
        default Map<String, Consumer<io.javalin.http.sse.SseClient>> streams() { return Map.of(); }
    }

    /** How the server is set up: where it listens, the session's rules. */
    public record Options(String host, int port, boolean secureCookies, Duration sessionIdle) {}

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private final ConsoleUsers users;
    private final List<Area> areas;
    private Javalin app;

    public ConsoleServer(ConsoleUsers users, List<Area> areas) {
        this.users = users;
        this.areas = areas;
    }

    private static Map<String, Role.Area> areas() {
        Map<String, Role.Area> m = new LinkedHashMap<>();
        m.put("/leadership", Role.Area.LEADERSHIP);
        m.put("/api/leadership/", Role.Area.LEADERSHIP);
        m.put("/events/gmv", Role.Area.LEADERSHIP);
        m.put("/risk", Role.Area.RISK);
        m.put("/api/risk/", Role.Area.RISK);
        m.put("/events/alerts", Role.Area.RISK);
        m.put("/health", Role.Area.HEALTH);
        m.put("/api/health", Role.Area.HEALTH);
        m.put("/metrics", Role.Area.HEALTH);
        return Map.copyOf(m);
    }

    public static Optional<Role.Area> areaOf(String path) {
        return AREAS.entrySet().stream().filter(e -> path.equals(e.getKey()) || path.startsWith(e.getKey().endsWith("/") ? e.getKey() : e.getKey() + "/"))
                .map(Map.Entry::getValue).findFirst();
    }

    public ConsoleServer start(Options options) {
        app = Javalin.create(config -> {
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            config.jsonMapper(new JavalinJackson(JSON, false));
            config.jetty.modifyServletContextHandler(h -> h.setSessionHandler(sessions(options)));
            config.staticFiles.enableWebjars();
            config.staticFiles.add(s -> {
                s.hostedPath = "/assets";
                s.directory = "/console/assets";
                s.location = Location.CLASSPATH;
            });
            config.routes.before(this::checkAccess);
            config.routes.get("/ready", ctx -> ctx.result("ok"));
            config.routes.get("/favicon.ico", ctx -> ctx.status(204));
            config.routes.get("/", ctx -> ctx.redirect(user(ctx).map(u -> u.role().home().path()).orElse("/sign-in")));
            config.routes.get("/sign-in", this::signInPage);
            config.routes.post("/sign-in", this::signIn);
            config.routes.post("/sign-out", this::signOut);
            for (Area area : areas) {
                for (Route r : area.routes()) {
                    if (r.method().equals("GET")) config.routes.get(r.path(), r.handler());
                    else config.routes.post(r.path(), r.handler());
                }
                area.streams().forEach((path, client) -> config.routes.sse(path, client));
            }
            config.routes.exception(Refusal.class, (e, ctx) -> refuse(ctx, e.status, e.getMessage()));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> refuse(ctx, 400, e.getMessage()));
            config.routes.exception(java.sql.SQLException.class, (e, ctx) -> refuse(ctx, 503, "not available now (is its stage running?): " + e.getMessage()));
        }).start();
        return this;
    }

    public int port() { return app.port(); }

    private static SessionHandler sessions(Options options) {
        SessionHandler sessions = new SessionHandler();
        sessions.setSessionCookie(SESSION_COOKIE);
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.STRICT);
        sessions.setSecureCookies(options.secureCookies());
        sessions.setMaxInactiveInterval((int) options.sessionIdle().toSeconds());
        return sessions;
    }

    /** A request the console refuses: its status and what to tell the user. */
    public static final class Refusal extends RuntimeException {
        final int status;

        public Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void checkAccess(Context ctx) throws Exception {
        String path = ctx.path();
        if (ctx.method().name().equals("POST")) checkCsrf(ctx);
        if (PUBLIC.stream().anyMatch(p -> path.equals(p) || (p.endsWith("/") && path.startsWith(p)))) return;
        Optional<Role.Area> area = areaOf(path);
        if (area.isEmpty()) return; // the root, sign-out, or nothing (404)
        Optional<ConsoleUsers.User> user = user(ctx);
        if (user.isEmpty() && path.equals("/metrics")) user = basicAuth(ctx);
        if (user.isEmpty()) {
            if (wantsHtml(ctx)) {
                ctx.redirect("/sign-in?next=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
                ctx.skipRemainingHandlers();
                return;
            }
            if (path.equals("/metrics")) ctx.header("WWW-Authenticate", "Basic realm=\"wos console\"");
            throw new Refusal(401, "sign in first");
        }
        if (!user.get().role().mayEnter(area.get())) {
            throw new Refusal(403, "the " + user.get().role().sql() + " role may not use " + area.get().title());
        }
        ctx.attribute(USER, user.get());
    }

    private void checkCsrf(Context ctx) {
        String expected = ctx.sessionAttribute(CSRF);
        String given = Optional.ofNullable(ctx.header(CSRF_HEADER)).orElseGet(() -> ctx.formParam(CSRF_FIELD));
        if (expected == null || given == null || !java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            throw new Refusal(403, "this form is missing its CSRF token or it is stale: reload the page and try again");
        }
    }

    private static boolean wantsHtml(Context ctx) {
        return !ctx.path().startsWith("/api/") && !ctx.path().startsWith("/events/") && !ctx.path().equals("/metrics");
    }

    /** The signed-in user, as the accounts say now (a removed user or a changed role takes effect at once). */
    Optional<ConsoleUsers.User> user(Context ctx) throws java.sql.SQLException {
        if (ctx.req().getSession(false) == null) return Optional.empty();
        String name = ctx.sessionAttribute(USER);
        return name == null ? Optional.empty() : users.find(name);
    }

    /** The user a route handler acts for: the access check put it there. */
    public static ConsoleUsers.User signedIn(Context ctx) { return ctx.attribute(USER); }

    private Optional<ConsoleUsers.User> basicAuth(Context ctx) throws java.sql.SQLException {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Basic ")) return Optional.empty();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return Optional.empty();
        return users.signIn(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray()) instanceof ConsoleUsers.SignIn.SignedIn s
                ? Optional.of(s.user()) : Optional.empty();
    }

    /** The CSRF token of this session, made when first needed. */
    static String csrf(Context ctx) {
        String token = ctx.sessionAttribute(CSRF);
        if (token == null) {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            ctx.sessionAttribute(CSRF, token);
        }
        return token;
    }

    /** Renders a page of the console for the signed-in user. */
    public static void page(Context ctx, String name, String title, Map<String, String> values) {
        ctx.html(Page.render(name, title, signedIn(ctx), csrf(ctx), values));
    }

    private void signInPage(Context ctx) throws Exception {
        signInPage(ctx, 200, "");
    }

    private void signInPage(Context ctx, int status, String message) throws Exception {
        String hint = users.count() == 0 ? "No console users yet. Create the first admin on the platform's machine: ./wos users add NAME --role admin" : "";
        ctx.status(status).html(Page.render("sign-in", "Sign in", null, csrf(ctx), Map.of("message", message, "hint", hint,
                "next", Optional.ofNullable(ctx.queryParam("next")).orElse(Optional.ofNullable(ctx.formParam("next")).orElse("")))));
    }

    private void signIn(Context ctx) throws Exception {
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").trim().toLowerCase(java.util.Locale.ROOT);
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        ConsoleUsers.SignIn outcome = users.signIn(name, password.toCharArray());
        if (outcome instanceof ConsoleUsers.SignIn.SignedIn s) {
            ctx.req().changeSessionId(); // a session id known before signing in is worth nothing after
            ctx.sessionAttribute(CSRF, null); // nor is a token: the pages get a new one
            ctx.sessionAttribute(USER, s.user().name());
            String next = ctx.formParam("next");
            boolean safe = next != null && next.startsWith("/") && !next.startsWith("//") && areaOf(next).map(s.user().role()::mayEnter).orElse(false);
            ctx.redirect(safe ? next : s.user().role().home().path());
        } else if (outcome instanceof ConsoleUsers.SignIn.Locked l) {
            signInPage(ctx, 423, "This account is locked after repeated failed sign-ins until " + l.until().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + " (UTC). An admin can unlock it: ./wos users unlock " + name);
        } else {
            signInPage(ctx, 401, "Wrong name or password.");
        }
    }

    private void signOut(Context ctx) {
        var session = ctx.req().getSession(false);
        if (session != null) session.invalidate();
        ctx.redirect("/sign-in");
    }

    private static void refuse(Context ctx, int status, String message) {
        ctx.status(status);
        if (wantsHtml(ctx)) {
            ConsoleUsers.User user = signedIn(ctx);
            ctx.html(Page.render("refused", status == 403 ? "Not allowed" : "Refused", user, user == null ? null : csrf(ctx),
                    Map.of("status", String.valueOf(status), "message", message)));
        } else {
            ctx.json(Map.of("error", status == 401 ? "unauthorized" : status == 403 ? "forbidden" : "bad_request", "message", message));
        }
    }

    @Override
    public void close() {
        if (app != null) app.stop();
    }
}
