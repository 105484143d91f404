package com.wholesaleos.console.leadership;

import com.wholesaleos.schemas.gmv.GmvMinute;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/** Live GMV's minute windows rolled up to minutes, hours or days (UTC), for one currency, optionally one region, category, segment. */
public final class GmvSeries {
    public enum Grain {
        MINUTE(Duration.ofMinutes(1)), HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1));

        private final long millis;

        Grain(Duration size) { this.millis = size.toMillis(); }

        public long bucket(long windowStartMs) { return Math.floorDiv(windowStartMs, millis) * millis; }

        public static Grain parse(String text) {
            try {
                return valueOf((text == null ? "minute" : text).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown grain '" + text + "'; expected minute, hour or day");
            }
        }
    }

    /** Which windows count; an empty part matches all. */
    public record Filter(String currency, Optional<Long> region, Optional<Long> category, Optional<String> segment) {
        boolean matches(GmvMinute m) {
            return m.getCurrency().equals(currency) && region.map(r -> r == m.getRegionId()).orElse(true)
                    && category.map(c -> c == m.getCategoryId()).orElse(true) && segment.map(s -> s.equals(m.getRetailerSegment())).orElse(true);
        }
    }

    private GmvSeries() {}

    /** Bucket start (epoch ms) to GMV: the sum of the matching windows in it. Exact: decimals, never doubles. */
    public static TreeMap<Long, BigDecimal> of(Collection<GmvMinute> windows, Grain grain, Filter filter) {
        TreeMap<Long, BigDecimal> out = new TreeMap<>();
        for (GmvMinute m : windows) {
            if (filter.matches(m)) out.merge(grain.bucket(m.getWindowStartMs()), m.getGmv(), BigDecimal::add);
        }
        return out;
    }
}
