package com.wholesaleos.config;

/** A configuration problem, raised at start-up; its message always names the offending key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) { super(message); }
}
