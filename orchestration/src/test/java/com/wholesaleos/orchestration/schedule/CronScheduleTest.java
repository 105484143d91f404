package com.wholesaleos.orchestration.schedule;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
    private final CronSchedule hourly = new CronSchedule("0 5 * * * ?");
    private final CronSchedule daily = new CronSchedule("0 30 3 * * ?");

    private static Instant t(String s) { return Instant.parse(s); }

    @Test
    void aFireEndsTheIntervalThatBeganAtThePreviousFire() {
        DataInterval i = hourly.intervalEndingAt(t("2026-12-01T11:05:00Z"));
        assertEquals(new DataInterval(t("2026-12-01T10:05:00Z"), t("2026-12-01T11:05:00Z")), i);
        assertEquals(t("2026-12-01T10:05:00Z"), i.logicalDate());
        assertEquals(new DataInterval(t("2026-11-30T03:30:00Z"), t("2026-12-01T03:30:00Z")), daily.intervalEndingAt(t("2026-12-01T03:30:00Z")));
    }

    @Test
    void previousIsStrictlyBeforeAndAcrossDays() {
        assertEquals(t("2026-12-01T10:05:00Z"), hourly.previous(t("2026-12-01T11:05:00Z")));
        assertEquals(t("2026-12-01T11:05:00Z"), hourly.previous(t("2026-12-01T11:05:00.001Z")));
        assertEquals(t("2026-11-30T03:30:00Z"), daily.previous(t("2026-12-01T03:29:59Z")));
    }

    @Test
    void aLogicalDateNotOnTheScheduleTakesTheIntervalContainingIt() {
        assertEquals(new DataInterval(t("2026-11-29T03:30:00Z"), t("2026-11-30T03:30:00Z")), daily.intervalFrom(t("2026-11-30T00:00:00Z")));
        assertEquals(new DataInterval(t("2026-11-30T03:30:00Z"), t("2026-12-01T03:30:00Z")), daily.intervalFrom(t("2026-11-30T03:30:00Z")));
    }

    @Test
    void backfillIntervalsAreThoseWhoseLogicalDateIsInTheRange() {
        List<DataInterval> runs = daily.intervalsWithLogicalDates(t("2026-11-01T00:00:00Z"), t("2026-11-03T23:59:59Z"));
        assertEquals(List.of(t("2026-11-01T03:30:00Z"), t("2026-11-02T03:30:00Z"), t("2026-11-03T03:30:00Z")),
                runs.stream().map(DataInterval::logicalDate).toList());
        assertEquals(t("2026-11-04T03:30:00Z"), runs.get(2).end());
    }

    @Test
    void catchUpIsBoundedToTheNewestIntervals() {
        // Down from 10:05 to 20:00: ten intervals ended (11:05 .. 20:05 is not yet), the newest three run.
        CronSchedule.CatchUp c = hourly.catchUp(t("2026-12-01T10:05:00Z"), t("2026-12-01T20:00:00Z"), 3);
        assertEquals(List.of(t("2026-12-01T17:05:00Z"), t("2026-12-01T18:05:00Z"), t("2026-12-01T19:05:00Z")),
                c.intervals().stream().map(DataInterval::end).toList());
        assertEquals(6, c.skipped());
        assertEquals(List.of(), hourly.catchUp(t("2026-12-01T19:05:00Z"), t("2026-12-01T20:00:00Z"), 3).intervals());
        assertEquals(0, hourly.catchUp(t("2026-12-01T10:05:00Z"), t("2026-12-01T20:00:00Z"), 0).intervals().size());
    }

    @Test
    void aBadExpressionIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CronSchedule("every hour"));
        assertTrue(e.getMessage().contains("every hour"), e.getMessage());
    }
}
