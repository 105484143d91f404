package com.wholesaleos.warehouse.trino;

import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK Trino runs on. Trino 476 is built for Java 24+ (on 17 it exits with "Trino requires Java 22+"), while the
 * platform runs on 17: so Trino gets a JVM of its own, from the first JDK 25+ found in trino.java-home, $TRINO_JAVA_HOME,
 * /usr/lib/jvm, $JAVA_HOME.
 */
public final class TrinoJdk {
    static final int REQUIRED_FEATURE = 25;
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private TrinoJdk() {}

    /** The {@code java} executable of a JDK 25+, or a ConfigException naming what to install or set. */
    public static Path locate(WosConfig config, Map<String, String> env) {
        return locate(config, env, Path.of("/usr/lib/jvm"));
    }

    static Path locate(WosConfig config, Map<String, String> env, Path jvmRoot) {
        String configured = config.get(WosSettings.TRINO_JAVA_HOME).trim();
        if (!configured.isEmpty()) {
            Path home = Path.of(configured);
            return javaOf(home).filter(j -> feature(home).orElse(0) >= REQUIRED_FEATURE).orElseThrow(() -> new ConfigException(
                    "Invalid value '" + configured + "' for configuration key '" + WosSettings.TRINO_JAVA_HOME.key()
                            + "': Trino 476 needs a JDK " + REQUIRED_FEATURE + " or newer there (found " + describe(home) + ")"));
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(env.get("TRINO_JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        candidates.addAll(jvmDirectory(jvmRoot));
        Optional.ofNullable(env.get("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        for (Path home : candidates) {
            Optional<Path> java = javaOf(home);
            if (java.isPresent() && feature(home).orElse(0) >= REQUIRED_FEATURE) return java.get();
        }
        throw new ConfigException("Trino 476 needs a JDK " + REQUIRED_FEATURE + " or newer, and none was found (looked in $TRINO_JAVA_HOME, "
                + jvmRoot + ", $JAVA_HOME). Install one (Debian: apt-get install temurin-25-jdk, or unpack a JDK 25 from adoptium.net) "
                + "and set " + WosSettings.TRINO_JAVA_HOME.key() + " to its directory.");
    }

    /** JDKs under /usr/lib/jvm, newest first (their release files say which). */
    private static List<Path> jvmDirectory(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted(Comparator.comparing((Path p) -> feature(p).orElse(0)).reversed()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Path> javaOf(Path home) {
        Path java = home.resolve("bin/java");
        return Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
    }

    /** The feature release a JDK's {@code release} file declares. */
    static Optional<Integer> feature(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String describe(Path home) {
        if (javaOf(home).isEmpty()) return "no bin/java";
        return feature(home).map(f -> "Java " + f).orElse("no release file saying which Java");
    }
}
