package com.wholesaleos.marketplace.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Marketplace size at each phase of the growth plan. */
public enum GrowthPhase {
    MVP(50, 500, 10),
    PHASE_1(200, 2_000, 30),
    PHASE_2(1_000, 10_000, 100),
    PHASE_3(3_000, 30_000, 300),
    PHASE_4(10_000, 100_000, 1_000);

    public final int manufacturers;
    public final int retailers;
    public final int distributors;

    GrowthPhase(int manufacturers, int retailers, int distributors) {
        this.manufacturers = manufacturers;
        this.retailers = retailers;
        this.distributors = distributors;
    }

    /** Products listed per manufacturer. */
    public int productsPerManufacturer() { return 8; }

    /** Accepts mvp, phase1, phase-1, PHASE_1, 1 ... */
    public static GrowthPhase parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (t.equals("MVP") || t.equals("0")) return MVP;
        if (t.startsWith("PHASE")) t = t.substring(5);
        for (GrowthPhase p : values()) {
            if (p != MVP && p.name().endsWith("_" + t)) return p;
        }
        throw new IllegalArgumentException("unknown growth phase '" + text + "'; expected one of "
                + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT).replace("_", "")).collect(Collectors.joining(", ")));
    }
}
