package com.wholesaleos.marketplace.history;

import java.time.Month;

/**
 * How a calendar month's demand compares with the year's average: a yearly wave (retailers stock up through the autumn,
 * buy least in spring) plus a December peak. Normalised so that the twelve factors average exactly 1, which keeps a
 * year's GMV on the growth plan's curve.
 */
public final class Seasonality {
    /** Amplitude of the yearly wave. */
    static final double WAVE = 0.12;
    /** Extra demand in December (holiday restocking). */
    static final double DECEMBER_PEAK = 0.20;
    /** Month where the wave peaks. */
    private static final Month WAVE_PEAK = Month.OCTOBER;

    private static final double YEAR_MEAN;

    static {
        double sum = 0;
        for (Month m : Month.values()) sum += raw(m);
        YEAR_MEAN = sum / 12;
    }

    private Seasonality() {}

    /** Demand factor of a calendar month; the twelve average 1. */
    public static double factor(Month month) {
        return raw(month) / YEAR_MEAN;
    }

    private static double raw(Month month) {
        double phase = 2 * Math.PI * (month.getValue() - WAVE_PEAK.getValue()) / 12.0;
        return 1 + WAVE * Math.cos(phase) + (month == Month.DECEMBER ? DECEMBER_PEAK : 0);
    }
}
