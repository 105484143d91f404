package com.wholesaleos.streaming.gmv;

import java.math.BigDecimal;

/** The current value of one GMV window; emitted as an upsert each time it changes. A Flink POJO. */
public class GmvWindowValue {
    public String window;
    public String key;
    public long windowStartMs;
    public long regionId;
    public long categoryId;
    public String segment;
    public String currency;
    public BigDecimal gmv;
    public long entries;
    public long lastCommitTimeMs;

    public GmvWindowValue() {}
}
