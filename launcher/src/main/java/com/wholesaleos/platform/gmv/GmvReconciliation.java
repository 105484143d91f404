package com.wholesaleos.platform.gmv;

import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.marketplace.gmv.SourceGmv;
import com.wholesaleos.schemas.gmv.GmvDayTotal;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Live GMV against the reference SQL over the source, per UTC day and per minute window: every key on either side,
 * to the cent. A window present on one side only counts as a difference unless its value is zero.
 */
public final class GmvReconciliation {
    public record Difference(String key, BigDecimal source, BigDecimal live) {
        public BigDecimal drift() { return nz(live).subtract(nz(source)); }
    }

    /** {@code minuteWindows}: the windows of the reference (SQL over the source). */
    public record Result(Map<String, BigDecimal[]> days, int minuteWindows, List<Difference> dayDifferences, List<Difference> minuteDifferences) {
        public boolean clean() { return dayDifferences.isEmpty() && minuteDifferences.isEmpty(); }

        /** Windows of the reference whose live value equals it to the cent. */
        public int minuteWindowsMatching() {
            return minuteWindows - (int) minuteDifferences.stream().filter(d -> d.source() != null).count();
        }
    }

    private GmvReconciliation() {}

    /** Compares two keyed value maps; absent and zero are the same. */
    public static List<Difference> compare(Map<String, BigDecimal> source, Map<String, BigDecimal> live) {
        List<Difference> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(source.keySet());
        keys.addAll(live.keySet());
        for (String k : keys) {
            BigDecimal s = source.get(k);
            BigDecimal l = live.get(k);
            if (nz(s).compareTo(nz(l)) != 0) out.add(new Difference(k, s, l));
        }
        return out;
    }

    /** Reconciles what {@code view} holds now with the source; {@code day} limits it to one UTC day. */
    public static Result run(Connection source, LiveGmvView view, LocalDate day) throws Exception {
        Map<String, BigDecimal> sourceDays = new TreeMap<>(SourceGmv.byDay(source));
        Map<String, BigDecimal> liveDays = new TreeMap<>();
        view.dayTotals().forEach((k, v) -> liveDays.put(k, v.getGmv()));
        // History (what arrived dated before the live horizon) is checked as one sum per currency: a bulk-loaded order
        // reaches the job in its final state, so the job dates it by that state and SQL by its history; days differ,
        // sums do not. Every source day up to the last history day that the job did not count live belongs to it.
        Map<String, GmvDayTotal> history = view.historyTotals();
        String lastHistoryDay = history.keySet().stream().map(k -> k.substring(0, k.indexOf('|'))).max(String::compareTo).orElse(null);
        if (lastHistoryDay != null) {
            for (String k : new java.util.ArrayList<>(sourceDays.keySet())) {
                String d = k.substring(0, k.indexOf('|'));
                if (d.compareTo(lastHistoryDay) <= 0 && !liveDays.containsKey(k)) {
                    sourceDays.merge(historyKey(lastHistoryDay, k), sourceDays.remove(k), BigDecimal::add);
                }
            }
            history.forEach((k, v) -> liveDays.merge(historyKey(lastHistoryDay, k), v.getGmv(), BigDecimal::add));
        }
        Map<String, BigDecimal> sourceMinutes = new TreeMap<>();
        SourceGmv.byMinute(source).forEach((k, v) -> sourceMinutes.put(minuteKey(k.windowStartMs(), k.regionId(), k.categoryId(), k.segment(), k.currency()), v));
        Map<String, BigDecimal> liveMinutes = new TreeMap<>();
        view.minuteWindows().values().forEach(m -> liveMinutes.put(
                minuteKey(m.getWindowStartMs(), m.getRegionId(), m.getCategoryId(), m.getRetailerSegment(), m.getCurrency()), m.getGmv()));
        // Minute windows exist for what the job counted live: up to the last history day, only for days it counted live.
        if (lastHistoryDay != null) {
            java.util.Set<String> liveDates = new java.util.HashSet<>();
            view.dayTotals().keySet().forEach(k -> liveDates.add(k.substring(0, k.indexOf('|'))));
            java.util.function.Predicate<String> historyOnly = k -> {
                String d = k.substring(0, k.indexOf('|'));
                return d.compareTo(lastHistoryDay) <= 0 && !liveDates.contains(d);
            };
            sourceMinutes.keySet().removeIf(historyOnly);
            liveMinutes.keySet().removeIf(historyOnly);
        }
        if (day != null) {
            String prefix = day + "|";
            sourceDays.keySet().removeIf(k -> !k.startsWith(prefix));
            liveDays.keySet().removeIf(k -> !k.startsWith(prefix));
            sourceMinutes.keySet().removeIf(k -> !k.startsWith(prefix));
            liveMinutes.keySet().removeIf(k -> !k.startsWith(prefix));
        }
        Map<String, BigDecimal[]> days = new TreeMap<>();
        TreeSet<String> dayKeys = new TreeSet<>(sourceDays.keySet());
        dayKeys.addAll(liveDays.keySet());
        for (String k : dayKeys) days.put(k, new BigDecimal[] {nz(sourceDays.get(k)), nz(liveDays.get(k))});
        return new Result(days, sourceMinutes.size(), compare(sourceDays, liveDays), compare(sourceMinutes, liveMinutes));
    }

    /** The key of the history sum in a currency (it sorts after the days). */
    static String historyKey(String lastHistoryDay, String dayKey) {
        return "history to " + lastHistoryDay + "|" + dayKey.substring(dayKey.indexOf('|') + 1);
    }

    /** Day first, so a key sorts by time and a day filter is a prefix. */
    public static String minuteKey(long windowStartMs, long regionId, long categoryId, String segment, String currency) {
        Instant start = Instant.ofEpochMilli(windowStartMs);
        return LocalDate.ofInstant(start, ZoneOffset.UTC) + "|" + start + "|region " + regionId + "|category " + categoryId + "|" + segment + "|" + currency;
    }

    private static BigDecimal nz(BigDecimal d) { return d == null ? BigDecimal.ZERO : d; }
}
