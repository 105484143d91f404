package com.wholesaleos.orchestration.run;

import java.time.Instant;

/** One try of one task of one run: a row of the run history. */
public record TaskAttempt(String dagId, String runId, Instant logicalDate, String taskId, int tryNumber, String state,
                          Instant startDate, Instant endDate, String error, String logFile) {}
