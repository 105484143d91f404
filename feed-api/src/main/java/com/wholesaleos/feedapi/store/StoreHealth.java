package com.wholesaleos.feedapi.store;

/**
 * How current the serving store is.
 *
 * @param loaded     it has read what its topics held when it started
 * @param following  its follower is running (false once it stopped on an error: the store then only ages)
 * @param lagRecords records on its topics it has not applied yet, as of its last look (at most a second ago)
 * @param ageMs      since it was last caught up with its topics (0 while it is)
 * @param failure    why the follower stopped (null while it runs)
 */
public record StoreHealth(boolean loaded, boolean following, long lagRecords, long ageMs, String failure) {
    /** "ok", "loading", "stopped" or "behind" (more than {@code maxLag} records or {@code maxAgeMs} behind). */
    public String status(long maxLag, long maxAgeMs) {
        if (!following) return "stopped";
        if (!loaded) return "loading";
        if (lagRecords > maxLag || ageMs > maxAgeMs) return "behind";
        return "ok";
    }
}
