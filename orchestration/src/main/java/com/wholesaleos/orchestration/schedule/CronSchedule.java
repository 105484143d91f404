package com.wholesaleos.orchestration.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A DAG's schedule: a Quartz cron expression in UTC, read as Airflow reads a schedule. Each fire time ends a data
 * interval that began at the previous fire time; the run for it starts at its end, once its data is complete.
 */
public final class CronSchedule {
    private final String expression;
    private final CronExpression cron;

    public CronSchedule(String expression) {
        this.expression = expression;
        try {
            this.cron = new CronExpression(expression);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad cron expression '" + expression + "': " + e.getMessage(), e);
        }
        cron.setTimeZone(TimeZone.getTimeZone("UTC"));
    }

    public String expression() { return expression; }

    public Instant next(Instant after) {
        Date d = cron.getNextValidTimeAfter(Date.from(after));
        if (d == null) throw new IllegalStateException("schedule " + expression + " has no fire time after " + after);
        return d.toInstant();
    }

    /** The last fire time strictly before {@code t}. */
    public Instant previous(Instant t) {
        Duration back = Duration.ofMinutes(1);
        Instant from = t.minus(back);
        while (!next(from).isBefore(t)) {
            back = back.multipliedBy(2);
            from = t.minus(back);
        }
        Instant fire = next(from);
        for (Instant n = next(fire); n.isBefore(t); n = next(n)) fire = n;
        return fire;
    }

    /** The interval the run firing at {@code fireTime} covers: from the previous fire time to it. */
    public DataInterval intervalEndingAt(Instant fireTime) {
        return new DataInterval(previous(fireTime), fireTime);
    }

    /** The interval starting at a logical date aligned to the schedule, or the one containing it otherwise. */
    public DataInterval intervalFrom(Instant logicalDate) {
        Instant start = next(logicalDate.minusMillis(1)).equals(logicalDate) ? logicalDate : previous(logicalDate);
        return new DataInterval(start, next(start));
    }

    /** The newest interval that has ended by {@code now}. */
    public DataInterval latestComplete(Instant now) {
        Instant end = next(now.minusMillis(1)).equals(now) ? now : previous(now);
        return intervalEndingAt(end);
    }

    /** Intervals whose logical date lies in [from, to], oldest first (a backfill's runs). */
    public List<DataInterval> intervalsWithLogicalDates(Instant from, Instant to) {
        List<DataInterval> out = new ArrayList<>();
        Instant start = next(from.minusMillis(1));
        while (!start.isAfter(to)) {
            Instant end = next(start);
            out.add(new DataInterval(start, end));
            start = end;
        }
        return out;
    }

    /**
     * The intervals that ended after {@code lastEnd} and by {@code now}, the newest {@code max} of them: what catch-up
     * runs after an outage. Older ones are left out rather than flooding the scheduler (the warehouse's tasks load
     * everything new whatever their interval, so the newest run covers what the skipped ones would have).
     */
    public CatchUp catchUp(Instant lastEnd, Instant now, int max) {
        List<DataInterval> missed = new ArrayList<>();
        int skipped = 0;
        for (Instant end = next(lastEnd); !end.isAfter(now); end = next(end)) {
            missed.add(intervalEndingAt(end));
            if (missed.size() > max) {
                missed.remove(0);
                skipped++;
            }
        }
        return new CatchUp(missed, skipped);
    }

    /** Missed intervals to run, and how many older ones were collapsed into them. */
    public record CatchUp(List<DataInterval> intervals, int skipped) {}
}
