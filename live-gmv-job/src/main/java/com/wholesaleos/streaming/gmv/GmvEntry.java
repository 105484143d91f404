package com.wholesaleos.streaming.gmv;

import java.math.BigDecimal;

/**
 * One signed GMV amount at one event time: an order line confirmed (+), a confirmed order cancelled (−),
 * or a refund (−). Entries are what windows sum. A Flink POJO.
 */
public class GmvEntry {
    /** Commit time of the change that made this amount count (or stop counting): the event time. */
    public long eventTimeMs;
    public long regionId;
    public long categoryId;
    public String segment;
    public String currency;
    public BigDecimal amount;
    /** Commit time of the newest change processed when this entry was produced; for freshness. */
    public long triggerCommitTimeMs;

    public GmvEntry() {}

    public GmvEntry(long eventTimeMs, long regionId, long categoryId, String segment, String currency, BigDecimal amount,
                    long triggerCommitTimeMs) {
        this.eventTimeMs = eventTimeMs;
        this.regionId = regionId;
        this.categoryId = categoryId;
        this.segment = segment;
        this.currency = currency;
        this.amount = amount;
        this.triggerCommitTimeMs = triggerCommitTimeMs;
    }

    @Override
    public String toString() {
        return "GmvEntry{" + amount + " " + currency + " at " + eventTimeMs + " r" + regionId + " c" + categoryId + " " + segment + "}";
    }
}
