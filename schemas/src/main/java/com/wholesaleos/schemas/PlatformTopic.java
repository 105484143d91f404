package com.wholesaleos.schemas;

import com.wholesaleos.schemas.dlq.DeadLetter;
import com.wholesaleos.schemas.gmv.GmvDayTotal;
import com.wholesaleos.schemas.gmv.GmvMinute;
import org.apache.avro.Schema;

/** Topics the platform's own stages write, besides the change topics. */
public enum PlatformTopic {
    /** Upserts keyed by minute window × region × category × segment × currency; compacted. */
    GMV_MINUTE("wos.gmv.minute", GmvMinute.getClassSchema(), true),
    /** Upserts keyed by UTC day × currency; compacted. */
    GMV_DAY("wos.gmv.day", GmvDayTotal.getClassSchema(), true),
    /** Records a stage could not process, with the reason. Never compacted. */
    DEAD_LETTER("wos.dlq", DeadLetter.getClassSchema(), false);

    private final String topic;
    private final Schema valueSchema;
    private final boolean compacted;

    PlatformTopic(String topic, Schema valueSchema, boolean compacted) {
        this.topic = topic;
        this.valueSchema = valueSchema;
        this.compacted = compacted;
    }

    public String topic() { return topic; }
    public Schema valueSchema() { return valueSchema; }
    public boolean compacted() { return compacted; }
}
