package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.FraudSignal;
import java.io.Serializable;

/** A rule's signal with the source commit time of the change that raised it (for commit-to-alert latency). */
public record RaisedSignal(FraudSignal signal, long commitMs) implements Serializable {}
