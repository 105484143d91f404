package com.wholesaleos.streaming.fraud;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CardTestingRuleTest {
    static final long T0 = 1_700_000_000_000L;
    static final CardTestingRule.Thresholds THRESHOLDS = new CardTestingRule.Thresholds(1, 3, 10 * 60_000);

    static CardTestingRule.Payment failed(long id, long at) { return new CardTestingRule.Payment(id, 100 + id, 7, "fp-1", "failed", "do_not_honor", at); }

    @Test
    void severalFailuresWithinMinutesFireAndASuccessAfterThemIsWorse() {
        CardTestingRule rule = new CardTestingRule(THRESHOLDS);
        assertTrue(rule.onPayment("instrument", "fp-1", failed(1, T0)).isEmpty());
        assertTrue(rule.onPayment("instrument", "fp-1", failed(2, T0 + 30_000)).isEmpty());
        var third = rule.onPayment("instrument", "fp-1", failed(3, T0 + 60_000)).orElseThrow();
        assertEquals(FraudSignal.Severity.MEDIUM, third.severity());
        assertEquals("card-testing|instrument|fp-1", third.alertId());
        assertEquals(3, third.evidence().size(), "every failure is evidence");
        var success = rule.onPayment("instrument", "fp-1", new CardTestingRule.Payment(4, 104, 7, "fp-1", "captured", null, T0 + 90_000)).orElseThrow();
        assertEquals(FraudSignal.Severity.HIGH, success.severity());
        assertTrue(success.score() > third.score());
        assertTrue(success.evidence().get(3).detail().contains("after 3 failures"), success.evidence().toString());
    }

    @Test
    void anHonestDeclineThenARetryDoesNotFire() {
        CardTestingRule rule = new CardTestingRule(THRESHOLDS);
        assertTrue(rule.onPayment("retailer", "7", new CardTestingRule.Payment(1, 101, 7, "fp-1", "failed", "insufficient_funds", T0)).isEmpty());
        assertTrue(rule.onPayment("retailer", "7", new CardTestingRule.Payment(2, 101, 7, "fp-1", "captured", null, T0 + 60_000)).isEmpty());
    }

    @Test
    void failuresSpreadOverHoursDoNotAddUp() {
        CardTestingRule rule = new CardTestingRule(THRESHOLDS);
        for (int i = 0; i < 6; i++) assertTrue(rule.onPayment("instrument", "fp-1", failed(i, T0 + i * 3_600_000L)).isEmpty(), "failure " + i);
        assertTrue(rule.onPayment("instrument", "fp-1", new CardTestingRule.Payment(99, 199, 7, "fp-1", "captured", null, T0 + 7 * 3_600_000L)).isEmpty());
    }

    @Test
    void aBurstArrivingOutOfOrderIsStillABurstAndTheSuccessBeforeItsFailuresCounts() {
        CardTestingRule rule = new CardTestingRule(THRESHOLDS);
        assertTrue(rule.onPayment("instrument", "fp-1", new CardTestingRule.Payment(99, 199, 7, "fp-1", "authorized", null, T0 + 5 * 60_000)).isEmpty());
        assertTrue(rule.onPayment("instrument", "fp-1", failed(3, T0 + 3 * 60_000)).isEmpty());
        assertTrue(rule.onPayment("instrument", "fp-1", failed(1, T0 + 60_000)).isEmpty());
        var signal = rule.onPayment("instrument", "fp-1", failed(2, T0 + 2 * 60_000)).orElseThrow();
        assertEquals(FraudSignal.Severity.HIGH, signal.severity(), "the success that followed the failures arrived first");
        assertEquals(4, signal.evidence().size(), "three failures and the success");
    }

    @Test
    void aReplayedFailureCountsOnce() {
        CardTestingRule rule = new CardTestingRule(THRESHOLDS);
        rule.onPayment("instrument", "fp-1", failed(1, T0));
        rule.onPayment("instrument", "fp-1", failed(2, T0 + 1_000));
        assertTrue(rule.onPayment("instrument", "fp-1", failed(2, T0 + 1_000)).isEmpty(), "at-least-once delivery: the same payment again");
    }
}
