package com.wholesaleos.streaming.cdc;

/** Something a streaming stage could not use, bound for the dead-letter topic with its reason. A Flink POJO. */
public class RejectedRecord {
    public String stage;
    public String reason;
    public String errorClass;
    public String topic;
    public int partition = -1;
    public long offset = -1;
    public byte[] key;
    public byte[] payload;
    public long failedAtMs;

    public RejectedRecord() {}

    /** A record of {@code topic}/{@code partition}/{@code offset} that {@code stage} could not use, and why. */
    public static RejectedRecord at(String stage, String reason, String errorClass, String topic, int partition, long offset, byte[] key, byte[] payload) {
        RejectedRecord out = new RejectedRecord();
        out.stage = stage;
        out.reason = reason;
        out.errorClass = errorClass;
        out.topic = topic;
        out.partition = partition;
        out.offset = offset;
        out.key = key;
        out.payload = payload;
        out.failedAtMs = System.currentTimeMillis();
        return out;
    }
}
