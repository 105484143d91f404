package com.wholesaleos.console.leadership;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.schemas.gmv.GmvMinute;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GmvSeriesTest {
    private static GmvMinute window(String start, long region, long category, String segment, String currency, String gmv) {
        return GmvMinute.newBuilder().setWindowStartMs(Instant.parse(start).toEpochMilli()).setRegionId(region).setCategoryId(category)
                .setRetailerSegment(segment).setCurrency(currency).setGmv(new BigDecimal(gmv)).setEntries(1).setLastCommitTimeMs(0).setEmittedAtMs(0).build();
    }

    private static final List<GmvMinute> WINDOWS = List.of(
            window("2026-12-01T10:00:00Z", 1, 10, "small", "USD", "100.10"),
            window("2026-12-01T10:00:00Z", 2, 10, "large", "USD", "0.20"),
            window("2026-12-01T10:59:00Z", 1, 11, "small", "USD", "5.05"),
            window("2026-12-01T11:00:00Z", 1, 10, "small", "USD", "1.00"),
            window("2026-12-02T00:00:00Z", 1, 10, "small", "USD", "2.00"),
            window("2026-12-01T10:00:00Z", 1, 10, "small", "EUR", "999.99"));

    private static long at(String iso) { return Instant.parse(iso).toEpochMilli(); }

    private static GmvSeries.Filter usd() { return new GmvSeries.Filter("USD", Optional.empty(), Optional.empty(), Optional.empty()); }

    @Test
    void rollsMinuteWindowsUpToMinutesHoursAndUtcDaysExactly() {
        assertEquals(Map.of(at("2026-12-01T10:00:00Z"), new BigDecimal("100.30"), at("2026-12-01T10:59:00Z"), new BigDecimal("5.05"),
                at("2026-12-01T11:00:00Z"), new BigDecimal("1.00"), at("2026-12-02T00:00:00Z"), new BigDecimal("2.00")),
                GmvSeries.of(WINDOWS, GmvSeries.Grain.MINUTE, usd()));
        assertEquals(Map.of(at("2026-12-01T10:00:00Z"), new BigDecimal("105.35"), at("2026-12-01T11:00:00Z"), new BigDecimal("1.00"),
                at("2026-12-02T00:00:00Z"), new BigDecimal("2.00")), GmvSeries.of(WINDOWS, GmvSeries.Grain.HOUR, usd()));
        assertEquals(Map.of(at("2026-12-01T00:00:00Z"), new BigDecimal("106.35"), at("2026-12-02T00:00:00Z"), new BigDecimal("2.00")),
                GmvSeries.of(WINDOWS, GmvSeries.Grain.DAY, usd()));
    }

    @Test
    void filtersByCurrencyRegionCategoryAndSegment() {
        assertEquals(Map.of(at("2026-12-01T00:00:00Z"), new BigDecimal("999.99")),
                GmvSeries.of(WINDOWS, GmvSeries.Grain.DAY, new GmvSeries.Filter("EUR", Optional.empty(), Optional.empty(), Optional.empty())));
        assertEquals(Map.of(at("2026-12-01T00:00:00Z"), new BigDecimal("0.20")),
                GmvSeries.of(WINDOWS, GmvSeries.Grain.DAY, new GmvSeries.Filter("USD", Optional.of(2L), Optional.empty(), Optional.empty())));
        assertEquals(Map.of(at("2026-12-01T00:00:00Z"), new BigDecimal("5.05")),
                GmvSeries.of(WINDOWS, GmvSeries.Grain.DAY, new GmvSeries.Filter("USD", Optional.empty(), Optional.of(11L), Optional.empty())));
        assertEquals(Map.of(at("2026-12-01T00:00:00Z"), new BigDecimal("0.20")),
                GmvSeries.of(WINDOWS, GmvSeries.Grain.DAY, new GmvSeries.Filter("USD", Optional.empty(), Optional.empty(), Optional.of("large"))));
        assertTrue(GmvSeries.of(WINDOWS, GmvSeries.Grain.DAY, new GmvSeries.Filter("GBP", Optional.empty(), Optional.empty(), Optional.empty())).isEmpty());
    }

    @Test
    void anUnknownGrainIsRefusedNamingTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> GmvSeries.Grain.parse("week"));
        assertTrue(e.getMessage().contains("minute, hour or day"), e.getMessage());
        assertEquals(GmvSeries.Grain.MINUTE, GmvSeries.Grain.parse(null));
    }
}
