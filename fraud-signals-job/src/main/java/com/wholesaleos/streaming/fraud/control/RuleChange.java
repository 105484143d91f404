package com.wholesaleos.streaming.fraud.control;

import java.util.HashMap;
import java.util.Map;

/**
 * One record of the rule control topic as the job reads it: an update of one rule's thresholds, or, with
 * {@code error} set, a record that could not be decoded (kept whole for the dead letters). A Flink POJO.
 */
public class RuleChange {
    public String rule;
    public int version;
    public Map<String, String> settings = new HashMap<>();
    public String changedBy;
    public String note;
    public long atMs;

    public String error;
    public String topic;
    public int partition = -1;
    public long offset = -1;
    public byte[] key;
    public byte[] payload;

    public RuleChange() {}

    @Override
    public String toString() {
        return error != null ? "undecodable rule update at offset " + offset : rule + " v" + version + " " + settings + " by " + changedBy;
    }
}
