package com.wholesaleos.streaming.cdc;

import com.wholesaleos.schemas.ChangeTopic;

/**
 * One decoded change event: the envelope of a change topic's contract with its row as the contract's generated class.
 *
 * @param op           CREATE, UPDATE, DELETE or READ (the initial snapshot)
 * @param lsn          the change's position in PostgreSQL's log
 * @param commitTimeMs when its transaction committed
 * @param before       the row before an update or delete (null when the table does not log it)
 * @param after        the row after a create, update or read; null for a delete
 */
public record Change<R>(ChangeTopic topic, String op, long lsn, long commitTimeMs, R before, R after) {
    /** The row as it is now, or as it was for a delete. */
    public R row() {
        return after != null ? after : before;
    }
}
