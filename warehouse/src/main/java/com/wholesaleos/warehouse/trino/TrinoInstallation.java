package com.wholesaleos.warehouse.trino;

import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An unpacked Trino server: {@code trino.server-dir} (or warehouse/target/trino-server-476), unpacked there once from
 * the tarball the build fetched into warehouse/target/trino with GNU tar (the tarball's hard-linked jars survive only a real tar) and cut down to the
 * plugins the platform's catalogs use, which also shortens Trino's start.
 */
public final class TrinoInstallation {
    public static final String VERSION = "476";
    /** The connectors of the platform's two catalogs (postgresql needs geospatial's Geometry type); every other plugin is removed after unpacking. */
    static final Set<String> PLUGINS = Set.of("iceberg", "postgresql", "geospatial");

    private TrinoInstallation() {}

    public static Path locate(WosConfig config, Consumer<String> log) {
        String configured = config.get(WosSettings.TRINO_SERVER_DIR).trim();
        Path target = StageLaunch.home().resolve("warehouse/target");
        Path server = configured.isEmpty() ? target.resolve("trino-server-" + VERSION) : Path.of(configured).toAbsolutePath();
        if (Files.isDirectory(server.resolve("lib")) && Files.isDirectory(server.resolve("plugin"))) return server;
        Path tarball = target.resolve("trino/trino-server-" + VERSION + ".tar.gz");
        if (!Files.exists(tarball)) {
            if (!configured.isEmpty()) {
                throw new ConfigException("Invalid value '" + configured + "' for configuration key '" + WosSettings.TRINO_SERVER_DIR.key()
                        + "': not an unpacked Trino server (no lib/ and plugin/ there), and no tarball to unpack there (" + tarball + ")");
            }
            throw new ConfigException("Trino " + VERSION + " is not built (" + tarball + " missing): run ./mvnw -q install -DskipTests, or set "
                    + WosSettings.TRINO_SERVER_DIR.key() + " to an unpacked trino-server " + VERSION);
        }
        unpack(tarball, server, log);
        return server;
    }

    private static void unpack(Path tarball, Path server, Consumer<String> log) {
        Path parent = server.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + parent, e);
        }
        try (FileChannel ch = FileChannel.open(parent.resolve(server.getFileName() + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (Files.isDirectory(server.resolve("lib"))) return; // another process unpacked it while we waited
            log.accept("unpacking " + tarball.getFileName() + " (once) ...");
            Path staging = Files.createTempDirectory(parent, "trino-unpack");
            Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", staging.toString()).inheritIO().start();
            if (!tar.waitFor(10, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                tar.destroyForcibly();
                throw new IllegalStateException("tar -xzf " + tarball + " failed (GNU tar is needed: the tarball holds hard links)");
            }
            Path unpacked = staging.resolve("trino-server-" + VERSION);
            try (Stream<Path> plugins = Files.list(unpacked.resolve("plugin"))) {
                for (Path p : plugins.filter(p -> !PLUGINS.contains(p.getFileName().toString())).toList()) delete(p);
            }
            Files.move(unpacked, server);
            delete(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + tarball, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking Trino");
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
