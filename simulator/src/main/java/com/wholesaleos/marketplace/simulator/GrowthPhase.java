package com.wholesaleos.marketplace.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Marketplace size at the end of each phase of the growth plan, and the plan month it ends at (month 0: the launch). */
public enum GrowthPhase {
    MVP(50, 500, 10, 6),
    PHASE_1(200, 2_000, 30, 12),
    PHASE_2(1_000, 10_000, 100, 18),
    PHASE_3(3_000, 30_000, 300, 24),
    PHASE_4(10_000, 100_000, 1_000, 36);

    public final int manufacturers;
    public final int retailers;
    public final int distributors;
    /** The plan month the phase ends at. */
    public final int planMonth;

    GrowthPhase(int manufacturers, int retailers, int distributors, int planMonth) {
        this.manufacturers = manufacturers;
        this.retailers = retailers;
        this.distributors = distributors;
        this.planMonth = planMonth;
    }

    /** The phase's own span in months: from the previous phase's end (or the launch) to its own (Phase 4: a year). */
    public int months() {
        return ordinal() == 0 ? planMonth : planMonth - values()[ordinal() - 1].planMonth;
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
