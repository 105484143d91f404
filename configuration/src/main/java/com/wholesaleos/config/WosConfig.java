package com.wholesaleos.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The platform's resolved configuration. Precedence, lowest first: declared defaults, the properties
 * file, {@code WOS_*} environment variables, explicit overrides (CLI, tests). Every value is parsed at
 * load time, so a bad value or an unknown key fails at start naming the key.
 */
public final class WosConfig {
    private final Map<String, String> raw;
    private final Map<String, Object> parsed = new HashMap<>();

    private WosConfig(Map<String, String> raw, Map<String, String> origins) {
        this.raw = raw;
        for (Setting<?> s : WosSettings.ALL) {
            parsed.put(s.key(), s.parse(raw.get(s.key()), origins.get(s.key())));
        }
    }

    public static WosConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /** Loads with the process environment. */
    public static WosConfig load(Path file, Map<String, String> overrides) {
        return load(file, System.getenv(), overrides);
    }

    public static WosConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, String> origins = new HashMap<>();
        for (Setting<?> s : WosSettings.ALL) {
            raw.put(s.key(), s.defaultValue());
            origins.put(s.key(), "default");
        }
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
            }
            for (String key : new TreeSet<>(p.stringPropertyNames())) {
                requireKnown(key, "file " + file);
                raw.put(key, p.getProperty(key));
                origins.put(key, "file " + file);
            }
        }
        for (Setting<?> s : WosSettings.ALL) {
            String v = environment.get(s.environmentVariable());
            if (v != null) {
                raw.put(s.key(), v);
                origins.put(s.key(), "environment variable " + s.environmentVariable());
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            requireKnown(e.getKey(), "override");
            raw.put(e.getKey(), e.getValue());
            origins.put(e.getKey(), "override");
        }
        return new WosConfig(raw, origins);
    }

    private static void requireKnown(String key, String origin) {
        if (WosSettings.ALL.stream().noneMatch(s -> s.key().equals(key))) {
            throw new ConfigException("Unknown configuration key '" + key + "' (from " + origin + ")");
        }
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) parsed.get(setting.key());
    }

    /** The resolved values (as written) of every key starting with {@code prefix}. */
    public Map<String, String> values(String prefix) {
        Map<String, String> out = new java.util.TreeMap<>();
        raw.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k, v);
        });
        return out;
    }

    /** A copy with some keys replaced, for example ports chosen at start. */
    public WosConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(raw);
        Map<String, String> origins = new HashMap<>();
        for (String k : merged.keySet()) origins.put(k, "resolved configuration");
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            requireKnown(e.getKey(), "override");
            merged.put(e.getKey(), e.getValue());
            origins.put(e.getKey(), "override");
        }
        return new WosConfig(merged, origins);
    }

    /** Writes every resolved value, so a stage started in another JVM sees exactly this configuration. */
    public void writeTo(Path file) {
        Properties p = new Properties();
        p.putAll(raw);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // It holds the database password: readable by the owner only.
            Files.deleteIfExists(file);
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "Resolved Wholesale OS configuration");
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot write configuration file " + file + ": " + e.getMessage());
        }
    }

    /** The configuration a running platform resolved (ports chosen at start included), read from its data directory. */
    public static java.util.Optional<WosConfig> ofRunningPlatform(Path dataDir, Map<String, String> overrides) {
        Path resolved = dataDir.resolve(RESOLVED_FILE);
        if (!Files.isReadable(resolved)) return java.util.Optional.empty();
        Map<String, String> o = new java.util.LinkedHashMap<>(overrides);
        o.put(WosSettings.DATA_DIR.key(), dataDir.toString()); // where it was found, even if it was moved
        return java.util.Optional.of(load(resolved, o));
    }

    /** Where {@code wos up} writes the resolved configuration its stages start with. */
    public static final String RESOLVED_FILE = "resolved.properties";

    public Path dataDir() { return Path.of(get(WosSettings.DATA_DIR)).toAbsolutePath(); }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + get(WosSettings.POSTGRES_HOST) + ":" + get(WosSettings.POSTGRES_PORT) + "/"
                + get(WosSettings.POSTGRES_DATABASE);
    }

    public String kafkaBootstrap() { return get(WosSettings.KAFKA_BOOTSTRAP); }
}
