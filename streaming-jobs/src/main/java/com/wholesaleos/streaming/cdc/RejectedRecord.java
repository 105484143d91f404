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

    /** A decoded change that an operator failed on: its position on the source topic identifies it for replay. */
    public static RejectedRecord failed(CdcRecord r, String stage, String operator, Exception e) {
        RejectedRecord out = new RejectedRecord();
        out.stage = stage;
        out.reason = operator + " failed on " + r + ": " + e;
        out.errorClass = e.getClass().getName();
        out.topic = r.topic;
        out.partition = r.partition;
        out.offset = r.offset;
        out.key = Long.toString(r.orderId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.payload = r.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.failedAtMs = System.currentTimeMillis();
        return out;
    }

    public static RejectedRecord from(CdcRecord r, String stage) {
        RejectedRecord out = new RejectedRecord();
        out.stage = stage;
        out.reason = r.reason;
        out.topic = r.topic;
        out.partition = r.partition;
        out.offset = r.offset;
        out.key = r.key;
        out.payload = r.payload;
        out.failedAtMs = System.currentTimeMillis();
        return out;
    }
}
