package com.wholesaleos.platform.gmv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** A GMV curve as a terminal bar chart: one bar per minute, scaled to the largest absolute value. */
public final class GmvChart {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private GmvChart() {}

    public static String bars(Map<Long, BigDecimal> perMinute, int width) {
        if (perMinute.isEmpty()) return "  (no GMV yet)\n";
        BigDecimal max = perMinute.values().stream().map(BigDecimal::abs).max(BigDecimal::compareTo).orElse(BigDecimal.ONE);
        if (max.signum() == 0) max = BigDecimal.ONE;
        StringBuilder b = new StringBuilder();
        for (var e : perMinute.entrySet()) {
            int n = e.getValue().abs().multiply(BigDecimal.valueOf(width)).divide(max, 0, RoundingMode.HALF_UP).intValue();
            String bar = (e.getValue().signum() < 0 ? "-" : "#").repeat(n);
            b.append(String.format("  %s UTC %-" + width + "s %15s%n", MINUTE.format(Instant.ofEpochMilli(e.getKey())), bar, e.getValue().toPlainString()));
        }
        return b.toString();
    }
}
