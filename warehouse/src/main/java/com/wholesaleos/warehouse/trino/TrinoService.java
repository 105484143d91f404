package com.wholesaleos.warehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.warehouse.milestone.MilestoneRefresh;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The trino stage: prepares and supervises a Trino 476 server in a JVM of its own (JDK 25). Before Trino starts it checks
 * everything that would otherwise surface as a failed query later: the JDK, the port, both catalogs' connections. Then it
 * starts the server, waits until it has started, proves both catalogs answer, then keeps the growth plan, the milestone
 * views and their materialized tables current (checked every 30 s: a warehouse run moves them). It exits with Trino's exit code, so the
 * launcher restarts both; when it is stopped it stops Trino first.
 */
public final class TrinoService {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often the stage checks whether a warehouse run moved the milestones' inputs. */
    static final long REFRESH_MS = 30_000;
    private final WosConfig config;
    private final int port;
    private Process trino;

    TrinoService(WosConfig config) {
        this.config = config;
        this.port = config.get(WosStages.TRINO.restPort().orElseThrow());
    }

    public static void main(String[] args) throws Exception {
        WosConfig config = StageLaunch.configuration(args, "trino");
        try {
            System.exit(new TrinoService(config).run());
        } catch (ConfigException | IllegalStateException e) {
            System.err.println("trino: " + e.getMessage());
            System.exit(1);
        }
    }

    int run() throws IOException, InterruptedException {
        Path java = TrinoJdk.locate(config, System.getenv());
        Path root = config.dataDir().resolve("trino");
        stopLeftover(root.resolve("trino.pid"), root.resolve("data"));
        requirePortFree();
        MarketplaceReader.ensure(config);
        MarketplaceReader.checkConnections(config);
        Path server = TrinoInstallation.locate(config, System.out::println);
        TrinoServerConfig files = TrinoServerConfig.of(config, server, port);
        files.write(config);
        Path log = root.resolve("server.log");
        long started = System.nanoTime();
        trino = new ProcessBuilder(files.command(java)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Files.writeString(root.resolve("trino.pid"), String.valueOf(trino.pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopTrino, "trino-stop"));
        System.out.println("trino " + TrinoInstallation.VERSION + " starting on " + java + " (pid " + trino.pid() + ", heap "
                + config.get(WosSettings.TRINO_HEAP) + ", log " + log + ")");
        awaitStarted(log);
        System.out.printf("trino ready at %s in %.1f s%n", TrinoEndpoint.url(config), (System.nanoTime() - started) / 1e9);
        checkCatalogs();
        Thread views = new Thread(this::refreshMilestones, "milestone-refresh");
        views.setDaemon(true);
        views.start();
        return trino.waitFor();
    }

    private void requirePortFree() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("0.0.0.0", port));
        } catch (IOException e) {
            throw new ConfigException("Port " + port + " (" + WosStages.TRINO.restPort().orElseThrow().key() + ") is in use: stop what listens there or "
                    + "choose another port for Trino");
        }
    }

    private void awaitStarted(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI info = URI.create("http://127.0.0.1:" + port + "/v1/info");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.get(WosSettings.READY_TIMEOUT_MS));
        while (System.nanoTime() < deadline) {
            if (!trino.isAlive()) {
                throw new IllegalStateException("Trino exited with code " + trino.exitValue() + " while starting; its log ends:\n" + tail(log, 15));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(info).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode body = JSON.readTree(r.body());
                if (r.statusCode() == 200 && !body.path("starting").asBoolean(true) && TrinoEndpoint.acceptsQueries(config)) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Trino did not start within " + config.get(WosSettings.READY_TIMEOUT_MS) + " ms ("
                + WosSettings.READY_TIMEOUT_MS.key() + "); its log ends:\n" + tail(log, 15));
    }

    /** A catalog whose connector cannot reach its database fails here, named, rather than on a user's first query. */
    private void checkCatalogs() {
        for (String catalog : List.of(TrinoServerConfig.ICEBERG_CATALOG, TrinoServerConfig.MARKETPLACE_CATALOG)) {
            try (Connection c = TrinoEndpoint.connect(config); Statement st = c.createStatement()) {
                st.executeQuery("SHOW SCHEMAS FROM " + catalog).close();
            } catch (SQLException e) {
                throw new IllegalStateException("Catalog " + catalog + " does not answer through Trino: " + e.getMessage());
            }
        }
    }

    /** Keeps the milestone views installed and their materialized tables current, checking each {@link #REFRESH_MS}. */
    private void refreshMilestones() {
        String waitedFor = null;
        while (trino.isAlive()) {
            try (Connection c = TrinoEndpoint.connect(config)) {
                long started = System.nanoTime();
                String before = MilestoneRefresh.materializedVersion(c).orElse(null);
                Optional<String> waiting = MilestoneRefresh.ensureCurrent(c, config);
                if (waiting.isPresent() && !waiting.get().equals(waitedFor)) System.out.println("milestone views wait: " + waiting.get());
                waitedFor = waiting.orElse(null);
                String after = MilestoneRefresh.materializedVersion(c).orElse(null);
                if (after != null && !after.equals(before)) {
                    System.out.printf("milestones refreshed (inputs %s) in %.1f s%n", after, (System.nanoTime() - started) / 1e9);
                }
            } catch (SQLException | RuntimeException e) {
                System.out.println("milestones not refreshed: " + e.getMessage());
            }
            try {
                Thread.sleep(REFRESH_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A Trino left by a stage JVM that was SIGKILLed (its shutdown hook never ran) holds the port: stop it first. */
    private static void stopLeftover(Path pidFile, Path nodeDataDir) throws IOException {
        if (!Files.exists(pidFile)) return;
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        // Only a Trino of this data directory: the pid may have been reused by anything since.
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid).filter(h -> h.info().commandLine()
                .map(cl -> cl.contains("io.trino.server.TrinoServer") && cl.contains("-Dnode.data-dir=" + nodeDataDir)).orElse(false));
        if (leftover.isPresent()) {
            System.out.println("stopping a Trino left running (pid " + pid + ")");
            leftover.get().destroy();
            try {
                leftover.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                leftover.get().destroyForcibly();
            }
        }
        Files.delete(pidFile);
    }

    private void stopTrino() {
        if (trino == null || !trino.isAlive()) return;
        trino.destroy();
        try {
            if (!trino.waitFor(20, TimeUnit.SECONDS)) trino.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            trino.destroyForcibly();
        }
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
