package com.wholesaleos.console.leadership;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.observability.gmv.LiveGmvView;
import com.wholesaleos.schemas.gmv.GmvDayTotal;
import com.wholesaleos.schemas.gmv.GmvMinute;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Live GMV as the leadership page shows it, from the same topics {@code wos gmv} reads (followed continuously): today's
 * total per currency, and the minute windows rolled up by {@link GmvSeries}. Aggregates only: no retailer appears.
 */
public final class LiveGmvBoard implements AutoCloseable {
    /** Today's GMV in one currency. */
    public record Today(String day, String currency, BigDecimal gmv, long entries, Instant lastCommit) {}

    /** A choice in a filter: its id and its name. */
    public record Choice(String id, String name) {}

    private final LiveGmvView view;
    private final MarketplaceDatabase database;
    private final java.time.Duration keepMinutes;

    /** Follows live GMV; minute windows older than {@code keepMinutes} are dropped (days before that are the warehouse's). */
    public LiveGmvBoard(String kafkaBootstrap, MarketplaceDatabase database, java.time.Duration keepMinutes) {
        this.view = new LiveGmvView(kafkaBootstrap);
        this.database = database;
        this.keepMinutes = keepMinutes;
        view.startFollowing();
    }

    public List<Today> today() {
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        List<Today> out = new ArrayList<>();
        for (GmvDayTotal d : view.dayTotals().values()) {
            if (d.getDay().equals(day)) out.add(new Today(day, d.getCurrency(), d.getGmv(), d.getEntries(), Instant.ofEpochMilli(d.getLastCommitTimeMs())));
        }
        return out;
    }

    /** Changes whenever the figures do: what the live tile's push compares. */
    public String version() { return today().toString(); }

    public TreeMap<Long, BigDecimal> series(GmvSeries.Grain grain, GmvSeries.Filter filter) {
        view.forgetMinutesBefore(System.currentTimeMillis() - keepMinutes.toMillis());
        return GmvSeries.of(view.minuteWindows().values(), grain, filter);
    }

    /** What the filters offer: the currencies, regions, categories and segments live GMV has windows for, named. */
    public Map<String, List<Choice>> choices() throws SQLException {
        view.forgetMinutesBefore(System.currentTimeMillis() - keepMinutes.toMillis());
        TreeSet<String> currencies = new TreeSet<>();
        TreeSet<Long> regions = new TreeSet<>();
        TreeSet<Long> categories = new TreeSet<>();
        TreeSet<String> segments = new TreeSet<>();
        for (GmvMinute m : view.minuteWindows().values()) {
            currencies.add(m.getCurrency());
            regions.add(m.getRegionId());
            categories.add(m.getCategoryId());
            segments.add(m.getRetailerSegment());
        }
        Map<Long, String> regionNames = names("SELECT id, name FROM regions");
        Map<Long, String> categoryNames = names("SELECT id, name FROM categories");
        Map<String, List<Choice>> out = new LinkedHashMap<>();
        out.put("currency", currencies.stream().map(c -> new Choice(c, c)).toList());
        out.put("region", regions.stream().map(r -> new Choice(String.valueOf(r), regionNames.getOrDefault(r, "region " + r))).toList());
        out.put("category", categories.stream().map(c -> new Choice(String.valueOf(c), categoryNames.getOrDefault(c, "category " + c))).toList());
        out.put("segment", segments.stream().map(s -> new Choice(s, s)).toList());
        return out;
    }

    private Map<Long, String> names(String sql) throws SQLException {
        Map<Long, String> out = new LinkedHashMap<>();
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
        }
        return out;
    }

    @Override
    public void close() { view.close(); }
}
