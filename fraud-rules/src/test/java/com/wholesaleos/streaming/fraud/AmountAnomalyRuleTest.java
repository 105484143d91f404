package com.wholesaleos.streaming.fraud;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AmountAnomalyRuleTest {
    static final AmountAnomalyRule rule = new AmountAnomalyRule(new AmountAnomalyRule.Thresholds(1, 4.0, 10));

    static AmountAnomalyRule.Distribution around(double typical, int n, long seed) {
        Random r = new Random(seed);
        AmountAnomalyRule.Distribution d = new AmountAnomalyRule.Distribution();
        for (int i = 0; i < n; i++) d.add(BigDecimal.valueOf(typical * (0.7 + 0.6 * r.nextDouble())).setScale(2, java.math.RoundingMode.HALF_UP));
        return d;
    }

    @Test
    void anOrderOrdersOfMagnitudeAboveTheRetailersOwnFires() {
        var s = rule.judge(1, 7, new BigDecimal("250000.00"), around(500, 50, 1), around(2_000, 500, 2), 0).orElseThrow();
        assertTrue(s.evidence().get(0).detail().contains("the retailer's own orders"), s.toString());
    }

    @Test
    void aBigButHabitualBuyerDoesNot() {
        assertTrue(rule.judge(1, 7, new BigDecimal("260000.00"), around(250_000, 50, 3), around(2_000, 500, 4), 0).isEmpty());
    }

    @Test
    void aNewRetailerIsJudgedByItsCategoryAndNothingIsJudgedWithoutHistory() {
        var s = rule.judge(1, 7, new BigDecimal("900000.00"), around(500, 2, 5), around(2_000, 500, 6), 0).orElseThrow();
        assertTrue(s.evidence().get(0).detail().contains("its category's orders"), s.toString());
        assertTrue(rule.judge(1, 7, new BigDecimal("900000.00"), new AmountAnomalyRule.Distribution(), new AmountAnomalyRule.Distribution(), 0).isEmpty());
    }

    /** A category whose orders spread 0.6 orders of magnitude around 3,100 (as the simulator's widest do). */
    static AmountAnomalyRule.Distribution lognormalCategory(long seed) {
        Random r = new Random(seed);
        AmountAnomalyRule.Distribution d = new AmountAnomalyRule.Distribution();
        for (int i = 0; i < 2_000; i++) d.add(BigDecimal.valueOf(Math.pow(10, 3.5 + 0.6 * r.nextGaussian())).setScale(2, java.math.RoundingMode.HALF_UP));
        return d;
    }

    @Test
    void aNewRetailersOrderTenThousandTimesTheMedianOfAWideCategoryFiresAndItsBiggestOrdinaryOrdersDoNot() {
        var category = lognormalCategory(7);
        // 10^(3.5 + 4) ≈ 6.7 standard deviations above: the margin for a retailer without history is 5.
        assertTrue(rule.judgeAgainstCategory(1, 7, new BigDecimal("31622776.60"), category, 0).isPresent());
        // 3.6 standard deviations above, as the biggest habitual buyers' orders are.
        assertTrue(rule.judgeAgainstCategory(1, 7, BigDecimal.valueOf(Math.pow(10, 3.5 + 3.6 * 0.6)).setScale(2, java.math.RoundingMode.HALF_UP), category,
                0).isEmpty());
    }
}
