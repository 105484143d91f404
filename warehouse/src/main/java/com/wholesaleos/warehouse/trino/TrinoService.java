package com.wholesaleos.warehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
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
 * starts the server, waits until it has started, proves both catalogs answer, and serves (the milestone views and
 * their tables are written by the milestones task of warehouse_hourly, never here). It exits with Trino's exit code, so the
 * launcher restarts both; when it is stopped it stops Trino first.
 */
public final class TrinoService {
    private static final ObjectMapper JSON = new ObjectMapper();
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
        } catch (ConfigException e) {
            // A setting is wrong (no JDK 25 there, a port in use): restarting cannot help, so the launcher marks it failed at once.
            System.err.println("trino: " + e.getMessage());
            System.exit(StageLaunch.EXIT_CONFIG);
        } catch (IllegalStateException e) {
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
        long timeoutMs = WosStages.TRINO.readyTimeoutMs(config);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
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
        throw new IllegalStateException("Trino did not start within " + timeoutMs + " ms (" + WosStages.TRINO.readyTimeout().key()
                + "); its log ends:\n" + tail(log, 15));
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
