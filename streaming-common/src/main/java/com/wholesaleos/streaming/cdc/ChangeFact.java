package com.wholesaleos.streaming.cdc;

import java.nio.charset.StandardCharsets;

/**
 * What a job makes of one change record, knowing where on its change topic it came from; or, rejected, the record it
 * could not read, kept whole with the reason. The base of each job's fact type (a Flink POJO: its subclasses inherit
 * these fields), so dead-lettering and replay work the same in every job.
 */
public class ChangeFact {
    public String topic;
    public int partition = -1;
    public long offset = -1;
    /** Set on a rejected fact only: why, and the record's key and value as read. */
    public String reason;
    public byte[] key;
    public byte[] payload;

    public void locate(String topic, int partition, long offset) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** Marks this fact as standing for a record that cannot be used, keeping its bytes. */
    protected void reject(byte[] key, byte[] value, String reason) {
        this.key = key;
        this.payload = value;
        this.reason = reason;
    }

    /** The dead letter of a record that could not be decoded. */
    public RejectedRecord undecodable(String stage) {
        return RejectedRecord.at(stage, reason, null, topic, partition, offset, key, payload);
    }

    /** The dead letter of a fact that {@code operator} failed on: its source position identifies it for replay. */
    public RejectedRecord failedIn(String stage, String operator, Exception e) {
        return RejectedRecord.at(stage, operator + " failed on " + this + ": " + e, e.getClass().getName(), topic, partition, offset,
                key, payload != null ? payload : toString().getBytes(StandardCharsets.UTF_8));
    }
}
