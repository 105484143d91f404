package com.wholesaleos.marketplace.history;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What happens to one order after it is placed, in business time, cut at the history's end: confirmation minutes to
 * hours later, shipping one to two days after that, delivery two to five days later; a few cancellations (before or
 * after confirmation), partial refunds of damaged units and full returns after delivery, and reviews. Events after the
 * end have not happened yet, so an order placed in the last days may still be in flight.
 */
final class OrderLifecycle {
    static final double P_CANCEL_BEFORE_CONFIRMATION = 0.02;
    static final double P_CANCEL_AFTER_CONFIRMATION = 0.01;
    static final double P_PARTIAL_REFUND = 0.02;
    static final double P_FULL_REFUND = 0.005;
    static final double P_REVIEW = 0.10;
    static final double P_FIRST_PAYMENT_FAILS = 0.04;
    /** Rating weights for 1..5 stars (mean about 4.2). */
    private static final int[] RATING_WEIGHTS = {4, 5, 9, 30, 52};

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    record StatusChange(String status, long atMs) {}

    record Refund(int lineNo, BigDecimal amount, String reason, long atMs) {}

    /** Status changes up to the end, in time order; the first is always "placed". */
    final List<StatusChange> statuses;
    final List<Refund> refunds;
    final boolean firstPaymentFailed;
    /** -1 when it has not happened (by the end). */
    final long confirmedMs;
    final long cancelledMs;
    final long shippedMs;
    final long deliveredMs;
    final long fullyRefundedMs;
    final int reviewRating;
    final long reviewMs;

    private OrderLifecycle(List<StatusChange> statuses, List<Refund> refunds, boolean firstPaymentFailed, long reviewMs, int reviewRating) {
        this.statuses = statuses;
        this.refunds = refunds;
        this.firstPaymentFailed = firstPaymentFailed;
        this.confirmedMs = at(statuses, "confirmed");
        this.cancelledMs = at(statuses, "cancelled");
        this.shippedMs = at(statuses, "shipped");
        this.deliveredMs = at(statuses, "delivered");
        this.fullyRefundedMs = at(statuses, "refunded");
        this.reviewMs = reviewMs;
        this.reviewRating = reviewRating;
    }

    /**
     * Draws an order's lifecycle. Every order draws the same number of values whatever is cut by the end, so one
     * order's fate never shifts another's.
     */
    static OrderLifecycle draw(SplittableRandom random, long placedMs, long endMs, List<OrderLine> lines) {
        double fate = random.nextDouble();
        long confirmedMs = placedMs + clamp((long) (40 * MINUTE * Math.exp(random.nextGaussian())), 2 * MINUTE, 20 * HOUR);
        long cancelDelay = 5 * MINUTE + (long) (random.nextDouble() * 20 * HOUR);
        long shippedMs = confirmedMs + DAY + (long) (random.nextDouble() * DAY);
        long deliveredMs = shippedMs + 2 * DAY + (long) (random.nextDouble() * 3 * DAY);
        double afterDelivery = random.nextDouble();
        long refundMs = deliveredMs + DAY + (long) (random.nextDouble() * 13 * DAY);
        int refundPick = random.nextInt(lines.size());
        int refundUnits = random.nextInt(1 << 20);
        boolean reviewed = random.nextDouble() < P_REVIEW;
        long reviewMs = deliveredMs + 12 * HOUR + (long) (random.nextDouble() * 10 * DAY);
        int rating = drawRating(random);
        boolean firstPaymentFailed = random.nextDouble() < P_FIRST_PAYMENT_FAILS;

        List<StatusChange> timeline = new ArrayList<>(5);
        timeline.add(new StatusChange("placed", placedMs));
        List<Refund> refunds = new ArrayList<>(0);
        if (fate < P_CANCEL_BEFORE_CONFIRMATION) {
            timeline.add(new StatusChange("cancelled", placedMs + Math.min(cancelDelay, confirmedMs - placedMs - MINUTE / 2)));
        } else if (fate < P_CANCEL_BEFORE_CONFIRMATION + P_CANCEL_AFTER_CONFIRMATION) {
            timeline.add(new StatusChange("confirmed", confirmedMs));
            timeline.add(new StatusChange("cancelled", confirmedMs + Math.min(cancelDelay, shippedMs - confirmedMs - MINUTE)));
        } else {
            timeline.add(new StatusChange("confirmed", confirmedMs));
            timeline.add(new StatusChange("shipped", shippedMs));
            timeline.add(new StatusChange("delivered", deliveredMs));
            if (afterDelivery < P_FULL_REFUND) {
                // Returned: what remains of every line comes back.
                for (OrderLine line : lines) refunds.add(new Refund(line.lineNo(), line.lineTotal(), "returned", refundMs));
                timeline.add(new StatusChange("refunded", refundMs));
            } else if (afterDelivery < P_FULL_REFUND + P_PARTIAL_REFUND) {
                Refund damaged = damagedUnits(lines, refundPick, refundUnits, refundMs);
                if (damaged != null) refunds.add(damaged);
            }
        }
        List<StatusChange> happened = new ArrayList<>(timeline.size());
        for (StatusChange s : timeline) {
            if (s.atMs() > endMs) break;
            happened.add(s);
        }
        long delivered = at(happened, "delivered");
        List<Refund> refunded = new ArrayList<>(refunds.size());
        for (Refund r : refunds) if (delivered >= 0 && r.atMs() <= endMs) refunded.add(r);
        boolean reviewHappened = reviewed && delivered >= 0 && reviewMs <= endMs;
        return new OrderLifecycle(happened, refunded, firstPaymentFailed, reviewHappened ? reviewMs : -1, reviewHappened ? rating : 0);
    }

    /** Some units of one line (a line of two or more units), or a whole line of a multi-line order; null if neither. */
    private static Refund damagedUnits(List<OrderLine> lines, int pick, int unitsDraw, long atMs) {
        for (int k = 0; k < lines.size(); k++) {
            OrderLine line = lines.get((pick + k) % lines.size());
            if (line.quantity() >= 2) {
                int units = 1 + unitsDraw % (line.quantity() - 1);
                return new Refund(line.lineNo(), line.unitPrice().multiply(BigDecimal.valueOf(units)), "damaged_units", atMs);
            }
        }
        if (lines.size() >= 2) return new Refund(lines.get(pick).lineNo(), lines.get(pick).lineTotal(), "damaged_units", atMs);
        return null;
    }

    private static int drawRating(SplittableRandom random) {
        int u = random.nextInt(100);
        for (int stars = 1; stars <= 5; stars++) {
            u -= RATING_WEIGHTS[stars - 1];
            if (u < 0) return stars;
        }
        return 5;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    private static long at(List<StatusChange> statuses, String status) {
        for (StatusChange s : statuses) if (s.status().equals(status)) return s.atMs();
        return -1;
    }

    /** The order's status at the end: its last change. */
    String status() {
        return statuses.get(statuses.size() - 1).status();
    }

    /** When the order last changed status (orders.updated_at). */
    long updatedMs() {
        return statuses.get(statuses.size() - 1).atMs();
    }

    boolean wasConfirmed() {
        return confirmedMs >= 0;
    }

    BigDecimal refundedAmount() {
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        for (Refund r : refunds) sum = sum.add(r.amount());
        return sum;
    }

    /** What the order adds to GMV by the end: its lines once confirmed, less refunds; nothing if cancelled. */
    BigDecimal netGmv(BigDecimal total) {
        if (!wasConfirmed() || cancelledMs >= 0) return BigDecimal.ZERO.setScale(2);
        return total.subtract(refundedAmount());
    }
}
