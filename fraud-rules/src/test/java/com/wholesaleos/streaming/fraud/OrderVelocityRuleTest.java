package com.wholesaleos.streaming.fraud;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderVelocityRuleTest {
    static final long DAY = 86_400_000L;
    static final long HOUR = 3_600_000L;
    static final long T0 = 1_700_000_000_000L;
    static final OrderVelocityRule.Thresholds THRESHOLDS = new OrderVelocityRule.Thresholds(1, HOUR, 5.0, 14, 3, 4);

    static OrderVelocityRule.Order order(long id, long at) { return new OrderVelocityRule.Order(id, 7, new BigDecimal("100.00"), at); }

    @Test
    void aBurstFarAboveTheRetailersOwnRateFires() {
        OrderVelocityRule rule = new OrderVelocityRule(THRESHOLDS);
        long signup = T0 - 400 * DAY;
        long id = 1;
        for (long day = 0; day < 30; day++) assertTrue(rule.onOrder(order(id++, T0 + day * DAY), signup, 1).isEmpty(), "a daily habit");
        Optional<FraudSignal> s = Optional.empty();
        for (int i = 0; i < 8 && s.isEmpty(); i++) s = rule.onOrder(order(id++, T0 + 30 * DAY + i * 60_000), signup, 1);
        assertTrue(s.isPresent(), "a burst within an hour");
        assertEquals(FraudSignal.Severity.MEDIUM, s.get().severity());
        assertTrue(s.get().evidence().get(s.get().evidence().size() - 1).detail().contains("its own trailing rate"), s.get().toString());
    }

    @Test
    void aBigHabitualBuyerOrderingOftenDoesNot() {
        OrderVelocityRule rule = new OrderVelocityRule(THRESHOLDS);
        long signup = T0 - 400 * DAY;
        long id = 1;
        for (long h = 0; h < 24 * 30; h++) {
            for (int i = 0; i < 3; i++) assertTrue(rule.onOrder(order(id++, T0 + h * HOUR + i * 60_000), signup, 1).isEmpty(), "hour " + h);
        }
    }

    @Test
    void aYoungAccountHitsTheAbsoluteCeilingAndANewOneWithoutHistoryIsJudgedByItsSegment() {
        OrderVelocityRule young = new OrderVelocityRule(THRESHOLDS);
        Optional<FraudSignal> s = Optional.empty();
        for (int i = 0; i < 5; i++) s = young.onOrder(order(i, T0 + i * 60_000), T0 - DAY, 10);
        assertEquals(FraudSignal.Severity.HIGH, s.orElseThrow().severity(), "5 orders in an hour from a day-old account");

        OrderVelocityRule established = new OrderVelocityRule(THRESHOLDS);
        for (int i = 0; i < 5; i++) assertTrue(established.onOrder(order(i, T0 + i * 60_000), T0 - 100 * DAY, 10).isEmpty(),
                "a busy segment (10 per hour) makes 5 ordinary");
    }
}
