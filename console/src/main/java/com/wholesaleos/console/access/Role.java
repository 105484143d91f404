package com.wholesaleos.console.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a console user is for. Admin may do everything; each other role has its own area. */
public enum Role {
    LEADERSHIP, RISK, ENGINEER, ADMIN;

    /** The console's areas; each page and action belongs to one, and a role may enter the areas listed here. */
    public enum Area {
        LEADERSHIP("Leadership", "/leadership"), RISK("Risk", "/risk"), HEALTH("Health", "/health");

        private final String title;
        private final String path;

        Area(String title, String path) {
            this.title = title;
            this.path = path;
        }

        public String title() { return title; }
        public String path() { return path; }
    }

    public Set<Area> areas() {
        return switch (this) {
            case LEADERSHIP -> EnumSet.of(Area.LEADERSHIP);
            case RISK -> EnumSet.of(Area.RISK);
            case ENGINEER -> EnumSet.of(Area.HEALTH);
            case ADMIN -> EnumSet.allOf(Area.class);
        };
    }

    public boolean mayEnter(Area area) { return areas().contains(area); }

    /** The first page after signing in. */
    public Area home() { return areas().iterator().next(); }

    @com.fasterxml.jackson.annotation.JsonValue
    public String sql() { return name().toLowerCase(Locale.ROOT); }

    public static Role parse(String text) {
        return Arrays.stream(values()).filter(r -> r.sql().equals(text == null ? "" : text.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + text + "'; expected leadership, risk, engineer or admin"));
    }
}
