package com.wholesaleos.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key, declared once: its name, type, default, description and validation.
 * The error for a bad value and the documentation both come from this declaration.
 */
public final class Setting<T> {
    private final String key;
    private final String defaultValue;
    private final String description;
    private final Function<String, T> parser;
    private final String expected;

    private Setting(String key, String defaultValue, String description, Function<String, T> parser, String expected) {
        this.key = Objects.requireNonNull(key);
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
        this.expected = expected;
    }

    public static Setting<String> string(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, s -> {
            if (s.isBlank()) throw new IllegalArgumentException();
            return s.trim();
        }, "a non-empty string");
    }

    /** A string matching {@code regex} (which may allow the empty string). */
    public static Setting<String> matching(String key, String defaultValue, String regex, String expected, String description) {
        return new Setting<>(key, defaultValue, description, s -> {
            if (!s.trim().matches(regex)) throw new IllegalArgumentException();
            return s.trim();
        }, expected);
    }

    public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(key, Integer.toString(defaultValue), description, s -> {
            int v = Integer.parseInt(s.trim());
            if (v < min || v > max) throw new IllegalArgumentException();
            return v;
        }, "an integer from " + min + " to " + max);
    }

    public static Setting<Long> longValue(String key, long defaultValue, long min, long max, String description) {
        return new Setting<>(key, Long.toString(defaultValue), description, s -> {
            long v = Long.parseLong(s.trim());
            if (v < min || v > max) throw new IllegalArgumentException();
            return v;
        }, "an integer from " + min + " to " + max);
    }

    public static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Setting<>(key, Boolean.toString(defaultValue), description, s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        }, "true or false");
    }

    /** One of {@code allowed}. */
    public static Setting<String> oneOf(String key, String defaultValue, java.util.List<String> allowed, String description) {
        return new Setting<>(key, defaultValue, description, s -> {
            if (!allowed.contains(s.trim())) throw new IllegalArgumentException();
            return s.trim();
        }, "one of " + String.join(", ", allowed));
    }

    /** A comma-separated subset of {@code allowed}. */
    public static Setting<java.util.List<String>> subsetOf(String key, String defaultValue, java.util.List<String> allowed, String description) {
        return new Setting<>(key, defaultValue, description, s -> {
            java.util.List<String> items = java.util.Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
            if (!allowed.containsAll(items)) throw new IllegalArgumentException();
            return items;
        }, "a comma-separated list of " + String.join(", ", allowed));
    }

    /** Port 0 means "pick a free port at start", which tests use. */
    public static Setting<Integer> port(String key, int defaultValue, String description) {
        return integer(key, defaultValue, 0, 65535, description);
    }

    public String key() { return key; }
    public String defaultValue() { return defaultValue; }
    public String description() { return description; }
    public String expected() { return expected; }

    /** Environment variable that overrides this key: {@code kafka.bootstrap-servers} → {@code WOS_KAFKA_BOOTSTRAP_SERVERS}. */
    public String environmentVariable() {
        return "WOS_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    T parse(String raw, String origin) {
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new ConfigException("Invalid value '" + raw + "' for configuration key '" + key + "' (from " + origin
                    + "): expected " + expected + ". " + description);
        }
    }
}
