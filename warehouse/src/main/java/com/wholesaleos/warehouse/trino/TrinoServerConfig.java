package com.wholesaleos.warehouse.trino;

import com.wholesaleos.config.WarehouseCatalog;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a Trino server reads, derived from the platform's settings: the node's config.properties and the two catalogs.
 * {@code iceberg} is the JDBC catalog Spark writes (same catalog name, same database, same warehouse location);
 * {@code marketplace} is the transactional PostgreSQL through the read-only role.
 */
public record TrinoServerConfig(Path etc, Path dataDir, Path serverDir, int port, String heap, List<String> jvmOptions) {
    public static final String ICEBERG_CATALOG = "iceberg";
    public static final String MARKETPLACE_CATALOG = "marketplace";

    public static TrinoServerConfig of(WosConfig config, Path serverDir, int port) {
        Path root = config.dataDir().resolve("trino");
        return new TrinoServerConfig(root.resolve("etc"), root.resolve("data"), serverDir, port, config.get(WosSettings.TRINO_HEAP),
                List.of("-XX:+UseG1GC", "-XX:+ExplicitGCInvokesConcurrent", "-XX:+ExitOnOutOfMemoryError", "-XX:ReservedCodeCacheSize=256M",
                        "-Djdk.attach.allowAttachSelf=true", "-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED",
                        "-Dfile.encoding=UTF-8"));
    }

    /** Writes every file; a restart rewrites them, so a changed setting takes effect with the next start. */
    public void write(WosConfig config) {
        String memory = config.get(WosSettings.TRINO_QUERY_MAX_MEMORY);
        Map<String, String> node = new LinkedHashMap<>();
        node.put("coordinator", "true");
        node.put("node-scheduler.include-coordinator", "true");
        node.put("http-server.http.port", String.valueOf(port));
        node.put("discovery.uri", "http://127.0.0.1:" + port);
        node.put("catalog.config-dir", etc.resolve("catalog").toString());
        node.put("plugin.dir", serverDir.resolve("plugin").toString());
        node.put("query.max-memory", memory);
        node.put("query.max-memory-per-node", memory);
        // One machine: fewer threads than Trino's per-core defaults, which assume a server of its own.
        node.put("task.concurrency", "2");
        node.put("task.max-worker-threads", "8");
        write(etc.resolve("config.properties"), node);
        write(etc.resolve("log.properties"), Map.of("io.trino", "INFO", "org.apache.iceberg", "WARN", "org.eclipse.jetty", "WARN"));
        write(etc.resolve("catalog").resolve(ICEBERG_CATALOG + ".properties"), icebergCatalog(config));
        write(etc.resolve("catalog").resolve(MARKETPLACE_CATALOG + ".properties"), marketplaceCatalog(config));
    }

    static Map<String, String> icebergCatalog(WosConfig config) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connector.name", "iceberg");
        p.put("iceberg.catalog.type", "jdbc");
        p.put("iceberg.jdbc-catalog.catalog-name", config.get(WosSettings.WAREHOUSE_CATALOG));
        p.put("iceberg.jdbc-catalog.driver-class", "org.postgresql.Driver");
        p.put("iceberg.jdbc-catalog.connection-url", WarehouseCatalog.jdbcUrl(config));
        p.put("iceberg.jdbc-catalog.connection-user", config.get(WosSettings.POSTGRES_USER));
        p.put("iceberg.jdbc-catalog.connection-password", config.get(WosSettings.POSTGRES_PASSWORD));
        p.put("iceberg.jdbc-catalog.default-warehouse-dir", WarehouseCatalog.location(config));
        // V1 catalog tables hold views too: the milestone views live beside the marts they read.
        p.put("iceberg.jdbc-catalog.schema-version", "V1");
        p.put("fs.hadoop.enabled", "true");
        // Spark writes format v2 (Trino 476 cannot create v3): tables Trino creates match.
        p.put("iceberg.format-version", "2");
        String extra = config.get(WosSettings.TRINO_ICEBERG_CONF).trim();
        if (!extra.isEmpty()) {
            for (String kv : extra.split(",")) p.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
        }
        return p;
    }

    static Map<String, String> marketplaceCatalog(WosConfig config) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connector.name", "postgresql");
        p.put("connection-url", config.jdbcUrl());
        p.put("connection-user", config.get(WosSettings.TRINO_READER_USER));
        p.put("connection-password", config.get(WosSettings.TRINO_READER_PASSWORD));
        return p;
    }

    /** The Trino JVM's command line, on the JDK 25 found for it. */
    public List<String> command(Path java) {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx" + heap));
        cmd.addAll(jvmOptions);
        // One node that is its own worker: it reaches itself on loopback. Left to itself it announces the first
        // non-loopback address, and on a machine where that does not route back, queries fail "No nodes available".
        cmd.addAll(List.of("-Dnode.environment=wos", "-Dnode.id=wos-trino", "-Dnode.internal-address=127.0.0.1", "-Dnode.data-dir=" + dataDir,
                "-Dconfig=" + etc.resolve("config.properties"), "-Dlog.levels-file=" + etc.resolve("log.properties"),
                "-cp", serverDir.resolve("lib") + "/*", "io.trino.server.TrinoServer"));
        return cmd;
    }

    private static void write(Path file, Map<String, String> properties) {
        StringBuilder sb = new StringBuilder("# Written by the trino stage from the platform's settings; edits are overwritten at its next start.\n");
        properties.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
