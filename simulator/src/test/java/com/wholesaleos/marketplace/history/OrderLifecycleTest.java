package com.wholesaleos.marketplace.history;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One order's lifecycle: time order, realistic gaps, rates of the rare fates, and the cut at the history's end. */
class OrderLifecycleTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final List<OrderLine> LINES = List.of(
            OrderLine.of(1, 0, 6, new BigDecimal("12.50")), OrderLine.of(2, 1, 1, new BigDecimal("99.99")));

    @Test
    void statusesFollowTheLifecycleInTimeWithRealisticGaps() {
        SplittableRandom random = new SplittableRandom(7);
        int cancelled = 0;
        int delivered = 0;
        int refunded = 0;
        int reviewed = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            OrderLifecycle life = OrderLifecycle.draw(random, 0, Long.MAX_VALUE, LINES);
            assertEquals("placed", life.statuses.get(0).status());
            for (int k = 1; k < life.statuses.size(); k++) {
                assertTrue(life.statuses.get(k).atMs() > life.statuses.get(k - 1).atMs(), "time order " + life.statuses);
            }
            if (life.cancelledMs >= 0) cancelled++;
            if (life.deliveredMs >= 0) {
                delivered++;
                long confirmGap = life.confirmedMs;
                assertTrue(confirmGap >= 2 * 60_000L && confirmGap <= 20 * HOUR, "confirmed minutes to hours later");
                assertTrue(life.shippedMs - life.confirmedMs >= DAY && life.shippedMs - life.confirmedMs <= 2 * DAY);
                assertTrue(life.deliveredMs - life.shippedMs >= 2 * DAY && life.deliveredMs - life.shippedMs <= 5 * DAY);
            }
            for (OrderLifecycle.Refund r : life.refunds) {
                assertTrue(r.atMs() > life.deliveredMs, "refunds come after delivery");
                OrderLine line = LINES.get(r.lineNo() - 1);
                assertTrue(r.amount().signum() > 0 && r.amount().compareTo(line.lineTotal()) <= 0);
            }
            if (!life.refunds.isEmpty()) refunded++;
            if (life.reviewMs >= 0) {
                reviewed++;
                assertTrue(life.reviewMs > life.deliveredMs && life.reviewRating >= 1 && life.reviewRating <= 5);
            }
            assertEquals(life.statuses.get(life.statuses.size() - 1).status(), life.status());
        }
        assertEquals(0.03, cancelled / (double) n, 0.006);
        assertEquals(0.025, refunded / (double) n, 0.006);
        assertEquals(0.10, reviewed / (double) delivered, 0.015);
    }

    @Test
    void nothingHappensAfterTheEnd() {
        SplittableRandom random = new SplittableRandom(11);
        long placed = 0;
        long end = 3 * DAY; // confirmed and shipped at most; delivery (3+ days after placing) is still to come
        for (int i = 0; i < 2_000; i++) {
            OrderLifecycle life = OrderLifecycle.draw(random, placed, end, LINES);
            for (OrderLifecycle.StatusChange s : life.statuses) assertTrue(s.atMs() <= end);
            assertEquals(-1, life.deliveredMs);
            assertTrue(life.refunds.isEmpty());
            assertEquals(-1, life.reviewMs);
            assertEquals(life.statuses.get(life.statuses.size() - 1).atMs(), life.updatedMs());
            assertTrue(List.of("placed", "confirmed", "shipped", "cancelled").contains(life.status()));
        }
    }

    @Test
    void netGmvCountsConfirmedLinesLessRefundsAndNothingForCancelled() {
        BigDecimal total = LINES.get(0).lineTotal().add(LINES.get(1).lineTotal());
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 5_000; i++) {
            OrderLifecycle life = OrderLifecycle.draw(random, 0, Long.MAX_VALUE, LINES);
            BigDecimal net = life.netGmv(total);
            if (life.cancelledMs >= 0) assertEquals(0, net.signum());
            else assertEquals(0, total.subtract(life.refundedAmount()).compareTo(net));
        }
    }
}
