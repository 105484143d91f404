package com.wholesaleos.marketplace.history;

import java.util.SplittableRandom;

/**
 * How retailers behave over their lifetime: who ever orders, how soon after sign-up, how likely they are to order in a
 * later month (decaying with the months since their first order, as cohorts do), and how often when they do.
 */
final class RetailerEngagement {
    static final String[] SEGMENTS = {"independent", "chain", "online", "horeca"};
    /** Share of sign-ups per segment, in {@link #SEGMENTS}' order: most buyers are independent shops. */
    private static final double[] SEGMENT_SHARE = {0.40, 0.15, 0.20, 0.25};
    /**
     * Orders beyond the first in an active month, relative to one another (the month's GMV target scales them):
     * chains replenish many stores, restaurants buy fresh, shops less often, online sellers in few larger drops.
     */
    private static final double[] EXTRA_ORDER_WEIGHT = {1.0, 3.0, 0.6, 2.0};

    /** Sign-ups that place an order at some point; referred ones came with intent. */
    static final double P_EVER_ORDERS = 0.65;
    static final double P_EVER_ORDERS_REFERRED = 0.90;
    /** Delay from sign-up to the first order: lognormal, median days and sigma (about 95% within 30 days). */
    static final double FIRST_ORDER_MEDIAN_DAYS = 6;
    static final double FIRST_ORDER_SIGMA = 1.0;
    /** Chance to order in a month after the first order's month: decays from the first toward the long run. */
    static final double ACTIVE_FIRST_MONTH_AFTER = 0.70;
    static final double ACTIVE_LONG_RUN = 0.38;
    static final double ACTIVE_DECAY_MONTHS = 3.0;

    private static final long DAY_MS = 86_400_000L;

    private RetailerEngagement() {}

    static int drawSegment(SplittableRandom random) {
        double u = random.nextDouble();
        for (int s = 0; s < SEGMENT_SHARE.length; s++) {
            u -= SEGMENT_SHARE[s];
            if (u < 0) return s;
        }
        return SEGMENT_SHARE.length - 1;
    }

    static double extraOrderWeight(int segment) {
        return EXTRA_ORDER_WEIGHT[segment];
    }

    /** Milliseconds from sign-up to the first order, or -1 for a retailer that never orders. */
    static long drawFirstOrderDelayMs(SplittableRandom random, boolean referred) {
        double everOrders = random.nextDouble();
        double delayDays = FIRST_ORDER_MEDIAN_DAYS * Math.exp(FIRST_ORDER_SIGMA * random.nextGaussian());
        if (everOrders >= (referred ? P_EVER_ORDERS_REFERRED : P_EVER_ORDERS)) return -1;
        return Math.max(60_000L, (long) (delayDays * DAY_MS));
    }

    /** Chance that a retailer orders in the month {@code monthsSinceFirst} (≥ 1) months after its first order's month. */
    static double activeProbability(int monthsSinceFirst) {
        if (monthsSinceFirst < 1) throw new IllegalArgumentException("monthsSinceFirst " + monthsSinceFirst);
        return ACTIVE_LONG_RUN + (ACTIVE_FIRST_MONTH_AFTER - ACTIVE_LONG_RUN) * Math.exp(-(monthsSinceFirst - 1) / ACTIVE_DECAY_MONTHS);
    }

    /** Poisson-distributed count with mean {@code mean} (small means: Knuth's method; large: a normal approximation). */
    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) return 0;
        if (mean > 30) return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
