package com.wholesaleos.recommend;

/**
 * Exponential time decay kept exact under additions and retractions: a purchase at business time t weighs
 * {@code 2^((t - EPOCH) / halfLife)}, sums of weights are plain sums (a retraction subtracts exactly what was added),
 * and a sum is read at time {@code now} by scaling it by {@code 2^(-(now - EPOCH) / halfLife)}. Ratios of two sums
 * (a similarity) need no "now" at all. With half-lives of 14 days or more the weights stay finite until about 2060.
 */
public record TimeDecay(int halfLifeDays) implements java.io.Serializable {
    static final long EPOCH_MS = 1_735_689_600_000L; // 2025-01-01T00:00Z
    public static final long DAY_MS = 86_400_000L;

    public TimeDecay {
        if (halfLifeDays < 14) throw new IllegalArgumentException("half-life below 14 days would overflow the weights");
    }

    /** The weight of something that happened at {@code atMs}. */
    public double weightAt(long atMs) {
        return Math.pow(2, (atMs - EPOCH_MS) / (double) (halfLifeDays * DAY_MS));
    }

    /** A sum of weights read at {@code nowMs}: how many events it is worth had they all happened now. */
    public double valueAt(double sumOfWeights, long nowMs) {
        return sumOfWeights / weightAt(nowMs);
    }
}
