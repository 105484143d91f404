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
 * A backdated history to generate: the last {@code months} calendar months (UTC) before {@code end}, which is plan month
 * {@code endMonth} of the growth plan (month 0 is the launch). With {@code endMonth == months} the history starts at the
 * launch; with a later {@code endMonth} it is a window onto the plan (e.g. months 24-36: Phase 4's year): the network
 * that joined before the window is there at its start, with no orders before it. Nothing is stamped after {@code end}.
 */
public record HistoryPlan(int months, long seed, Instant end, int endMonth) {
    /** Ten years: beyond that the growth plan's extrapolation means nothing. */
    public static final int MAX_MONTHS = 120;
    /** A calendar month's first day closer than this to the start starts no step of its own. */
    private static final Duration SHORTEST_FIRST_STEP = Duration.ofDays(1);

    public HistoryPlan {
        Objects.requireNonNull(end, "end");
        if (months < 1 || months > MAX_MONTHS) {
            throw new IllegalArgumentException("a history spans 1 to " + MAX_MONTHS + " months, not " + months);
        }
        if (endMonth < months || endMonth > MAX_MONTHS) {
            throw new IllegalArgumentException("a history of " + months + " months ends at plan month " + months + " to " + MAX_MONTHS + ", not " + endMonth);
        }
    }

    /** From the launch: the company launched {@code months} months before {@code end}. */
    public HistoryPlan(int months, long seed, Instant end) {
        this(months, seed, end, months);
    }

    /** The last {@code months} months before plan month {@code endMonth} (a growth phase's anchor), ending at {@code end}. */
    public static HistoryPlan window(int months, int endMonth, long seed, Instant end) {
        return new HistoryPlan(months, seed, end, endMonth);
    }

    /** When the company launched: month 0 of the growth plan. */
    public Instant launch() {
        return monthStart(0);
    }

    /** Plan month at which the generated history starts (0 from the launch). */
    public int startMonth() {
        return endMonth - months;
    }

    /** Where the generated history starts: the launch, or the window's first instant. */
    public Instant start() {
        return monthStart(startMonth());
    }

    /** Whether the network that joined before {@link #start()} is generated too, without orders. */
    public boolean windowed() {
        return startMonth() > 0;
    }

    /**
     * Start of plan month {@code m} (0 ≤ m ≤ endMonth); {@code monthStart(endMonth)} is {@code end}. Months are calendar
     * months counted back from the end, so the last month ends exactly at {@code end}.
     */
    public Instant monthStart(int m) {
        if (m < 0 || m > endMonth) throw new IllegalArgumentException("month " + m + " is outside 0.." + endMonth);
        if (m == endMonth) return end;
        ZonedDateTime launch = end.atZone(ZoneOffset.UTC).minusMonths(endMonth);
        Instant start = launch.plusMonths(m).toInstant();
        return start.isAfter(end) ? end : start; // a day-of-month clamp (31st → 28th) never moves a month past the end
    }

    /** Plan months elapsed at {@code at}: whole months since the launch plus the fraction of the current one. */
    public double monthsSinceLaunch(Instant at) {
        if (!at.isAfter(launch())) return 0;
        if (!at.isBefore(end)) return endMonth;
        int m = 0;
        while (!at.isBefore(monthStart(m + 1))) m++;
        long from = monthStart(m).toEpochMilli();
        long to = monthStart(m + 1).toEpochMilli();
        return m + (at.toEpochMilli() - from) / (double) (to - from);
    }

    /**
     * The history cut at calendar months (UTC): its start, the first of each month after it, the end. Retailers'
     * activity is drawn per calendar month, which is what the warehouse's cohort marts measure.
     */
    public List<Instant> calendarSteps() {
        List<Instant> steps = new ArrayList<>();
        Instant start = start();
        steps.add(start);
        YearMonth month = YearMonth.from(start.atZone(ZoneOffset.UTC)).plusMonths(1);
        for (;; month = month.plusMonths(1)) {
            Instant first = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!first.isBefore(end)) break;
            if (first.isBefore(start.plus(SHORTEST_FIRST_STEP))) continue; // a start on the last evening of a month
            steps.add(first);
        }
        steps.add(end);
        return steps;
    }
}
