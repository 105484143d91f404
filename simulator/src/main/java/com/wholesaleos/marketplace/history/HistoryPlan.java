package com.wholesaleos.marketplace.history;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A backdated history to generate: the company launched {@code months} calendar months (UTC) before {@code end}, and
 * month 0 of the growth plan starts at that launch. Nothing is stamped after {@code end}.
 */
public record HistoryPlan(int months, long seed, Instant end) {
    /** Ten years: beyond that the growth plan's extrapolation means nothing. */
    public static final int MAX_MONTHS = 120;
    /** A calendar month's first day closer than this to the launch starts no step of its own. */
    private static final Duration SHORTEST_FIRST_STEP = Duration.ofDays(1);

    public HistoryPlan {
        Objects.requireNonNull(end, "end");
        if (months < 1 || months > MAX_MONTHS) {
            throw new IllegalArgumentException("a history spans 1 to " + MAX_MONTHS + " months, not " + months);
        }
    }

    /** When the company launched: month 0 of the growth plan. */
    public Instant launch() {
        return monthStart(0);
    }

    /**
     * Start of plan month {@code m} (0 ≤ m ≤ months); {@code monthStart(months)} is {@code end}. Months are calendar
     * months counted back from the end, so the last month ends exactly at {@code end}.
     */
    public Instant monthStart(int m) {
        if (m < 0 || m > months) throw new IllegalArgumentException("month " + m + " is outside 0.." + months);
        if (m == months) return end;
        ZonedDateTime launch = end.atZone(ZoneOffset.UTC).minusMonths(months);
        Instant start = launch.plusMonths(m).toInstant();
        return start.isAfter(end) ? end : start; // a day-of-month clamp (31st → 28th) never moves a month past the end
    }

    /** Plan months elapsed at {@code at}: whole months since the launch plus the fraction of the current one. */
    public double monthsSinceLaunch(Instant at) {
        if (!at.isAfter(launch())) return 0;
        if (!at.isBefore(end)) return months;
        int m = 0;
        while (!at.isBefore(monthStart(m + 1))) m++;
        long from = monthStart(m).toEpochMilli();
        long to = monthStart(m + 1).toEpochMilli();
        return m + (at.toEpochMilli() - from) / (double) (to - from);
    }

    /**
     * The history cut at calendar months (UTC): the launch, the first of each month after it, the end. Retailers'
     * activity is drawn per calendar month, which is what the warehouse's cohort marts measure.
     */
    public List<Instant> calendarSteps() {
        List<Instant> steps = new ArrayList<>();
        Instant launch = launch();
        steps.add(launch);
        YearMonth month = YearMonth.from(launch.atZone(ZoneOffset.UTC)).plusMonths(1);
        for (;; month = month.plusMonths(1)) {
            Instant first = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!first.isBefore(end)) break;
            if (first.isBefore(launch.plus(SHORTEST_FIRST_STEP))) continue; // a launch on the last evening of a month
            steps.add(first);
        }
        steps.add(end);
        return steps;
    }
}
