package com.wholesaleos.streaming.fraud;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceRaiseRuleTest {
    static final long T0 = 1_700_000_000_000L;
    static final PriceRaiseRule.Thresholds THRESHOLDS = new PriceRaiseRule.Thresholds(1, new BigDecimal("1.5"), 3_600_000L, new BigDecimal("10000.00"));

    @Test
    void aSharpRaiseJustBeforeALargeOrderFires() {
        PriceRaiseRule rule = new PriceRaiseRule(THRESHOLDS);
        rule.priceChanged(5, new BigDecimal("40.00"), new BigDecimal("120.00"), T0);
        var s = rule.ordered(5, 77, 7, new BigDecimal("60000.00"), T0 + 20 * 60_000).orElseThrow();
        assertTrue(s.evidence().get(0).detail().contains("from 40.00 to 120.00 (x3)"), s.toString());
    }

    @Test
    void anOrdinaryPriceRiseOrASmallOrderOrAnOldRaiseDoesNot() {
        PriceRaiseRule rule = new PriceRaiseRule(THRESHOLDS);
        rule.priceChanged(5, new BigDecimal("40.00"), new BigDecimal("44.00"), T0);
        assertTrue(rule.ordered(5, 77, 7, new BigDecimal("60000.00"), T0 + 60_000).isEmpty(), "a 10% rise");
        rule.priceChanged(5, new BigDecimal("40.00"), new BigDecimal("120.00"), T0);
        assertTrue(rule.ordered(5, 78, 7, new BigDecimal("240.00"), T0 + 60_000).isEmpty(), "a small order");
        assertTrue(rule.ordered(5, 79, 7, new BigDecimal("60000.00"), T0 + 5 * 3_600_000L).isEmpty(), "hours after the raise");
    }

    @Test
    void aLineThatArrivesBeforeThePriceChangeIsJudgedWhenTheChangeArrives() {
        PriceRaiseRule rule = new PriceRaiseRule(THRESHOLDS);
        assertTrue(rule.onLine(5, 77, 7, new BigDecimal("60000.00"), T0 + 20 * 60_000).isEmpty(), "no raise known yet");
        var late = rule.priceChanged(5, new BigDecimal("40.00"), new BigDecimal("120.00"), T0);
        assertEquals(1, late.size());
        assertEquals("77", late.get(0).evidence().get(1).id());
    }
}
