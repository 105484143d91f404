package com.wholesaleos.streaming.gmv;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Window arithmetic for GMV: tumbling windows in event time (minutes, UTC days), and the lateness policy. */
public enum GmvWindow {
    MINUTE(60_000L),
    DAY(86_400_000L);

    public final long sizeMs;

    GmvWindow(long sizeMs) { this.sizeMs = sizeMs; }

    public long start(long eventTimeMs) { return Math.floorDiv(eventTimeMs, sizeMs) * sizeMs; }

    public long end(long eventTimeMs) { return start(eventTimeMs) + sizeMs; }

    /** Upsert key: the window and the dimensions it is cut by. */
    public String key(GmvEntry e) {
        long start = start(e.eventTimeMs);
        return switch (this) {
            case MINUTE -> start + "|" + e.regionId + "|" + e.categoryId + "|" + e.segment + "|" + e.currency;
            case DAY -> day(start) + "|" + e.currency;
        };
    }

    public static String day(long eventTimeMs) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(eventTimeMs), ZoneOffset.UTC).toString();
    }

    /**
     * Lateness policy: an entry still updates its window until the watermark passes the window's end plus the
     * allowed lateness; after that the window's state is gone and the entry is dead-lettered, never dropped silently.
     */
    public boolean tooLate(long eventTimeMs, long watermarkMs, long allowedLatenessMs) {
        return watermarkMs != Long.MIN_VALUE && end(eventTimeMs) + allowedLatenessMs <= watermarkMs;
    }
}
