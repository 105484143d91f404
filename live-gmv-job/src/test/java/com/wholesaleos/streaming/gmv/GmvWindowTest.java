package com.wholesaleos.streaming.gmv;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class GmvWindowTest {
    @Test
    void minuteAndDayWindowsInUtc() {
        long t = 1_700_000_123_456L; // 2023-11-14T22:15:23.456Z
        assertEquals(1_700_000_100_000L, GmvWindow.MINUTE.start(t));
        assertEquals(1_700_000_160_000L, GmvWindow.MINUTE.end(t));
        assertEquals("2023-11-14", GmvWindow.day(GmvWindow.DAY.start(t)));
        GmvEntry e = new GmvEntry(t, 2, 5, "online", "USD", new BigDecimal("1.00"), t);
        assertEquals("1700000100000|2|5|online|USD", GmvWindow.MINUTE.key(e));
        assertEquals("2023-11-14|USD", GmvWindow.DAY.key(e));
    }

    @Test
    void latenessPolicy() {
        long t = 1_700_000_123_456L;
        long end = GmvWindow.MINUTE.end(t);
        assertFalse(GmvWindow.MINUTE.tooLate(t, Long.MIN_VALUE, 0));
        assertFalse(GmvWindow.MINUTE.tooLate(t, end + 59_999, 60_000), "within allowed lateness the window is corrected");
        assertTrue(GmvWindow.MINUTE.tooLate(t, end + 60_000, 60_000));
    }
}
