package com.wholesaleos.ingestion;

/** A captured change that does not fit its topic's contract; it goes to the dead-letter topic with this reason. */
public final class ContractViolation extends RuntimeException {
    public ContractViolation(String message) { super(message); }
}
