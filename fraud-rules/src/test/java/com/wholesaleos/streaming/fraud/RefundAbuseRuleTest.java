package com.wholesaleos.streaming.fraud;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefundAbuseRuleTest {
    static final long T0 = 1_700_000_000_000L;
    static final RefundAbuseRule.Thresholds THRESHOLDS = new RefundAbuseRule.Thresholds(1, 5, 3.0, 0.2, 0.001);

    /** A segment where 1 in 20 deliveries is refunded, over 10 honest retailers. */
    static RefundAbuseRule withBaseline() {
        RefundAbuseRule rule = new RefundAbuseRule(THRESHOLDS);
        for (long r = 100; r < 110; r++) {
            for (int i = 0; i < 20; i++) rule.delivered(r, "independent", T0);
            rule.refundedAfterDelivery(r, "independent", 1, T0);
        }
        return rule;
    }

    @Test
    void aRetailerRefundingFarMoreThanItsSegmentFires() {
        RefundAbuseRule rule = withBaseline();
        for (int i = 0; i < 10; i++) rule.delivered(7, "independent", T0);
        Optional<FraudSignal> last = Optional.empty();
        // Four of eight would not do: improbable at the segment's 5%, not at the upper end of its interval (8.9% on 200).
        for (int i = 0; i < 6; i++) last = rule.refundedAfterDelivery(7, "independent", 500 + i, T0);
        FraudSignal s = last.orElseThrow();
        assertEquals("refund-abuse|retailer|7", s.alertId());
        assertTrue(s.evidence().get(0).detail().contains("6 of 10 delivered orders refunded (60%) against 5.0% for the independent segment"),
                s.evidence().toString());
    }

    @Test
    void aBulkRefundAfterAGenuineRecallAcrossTheSegmentDoesNot() {
        RefundAbuseRule rule = withBaseline();
        // The recall: within the same days every retailer of the segment refunds several orders; the segment's rate rises with theirs.
        for (int i = 0; i < 6; i++) {
            for (long r = 100; r < 110; r++) {
                assertTrue(rule.refundedAfterDelivery(r, "independent", 900 + i, T0).isEmpty(), "retailer " + r + " refunds like its segment");
            }
        }
    }

    @Test
    void tooFewDeliveriesJudgeNothing() {
        RefundAbuseRule rule = withBaseline();
        rule.delivered(8, "independent", T0);
        assertTrue(rule.refundedAfterDelivery(8, "independent", 1, T0).isEmpty(), "one delivery, one refund: not enough to tell");
    }

    @Test
    void thresholdsComeFromTheSettingsAndABadOneFailsNamingItsKey() {
        var t = RefundAbuseRule.Thresholds.from(com.wholesaleos.config.WosConfig.defaults(), 1);
        assertEquals(new RefundAbuseRule.Thresholds(1, 5, 3.0, 0.2, 0.001), t);
        var defaults = com.wholesaleos.config.WosConfig.defaults(); // every rule's thresholds load from the declared defaults
        assertEquals(3, CardTestingRule.Thresholds.from(defaults, 1).failures());
        assertEquals(6, AccountFarmRule.Thresholds.from(defaults, 1).sharedAddress());
        assertEquals(6, ReferralAbuseRule.Thresholds.from(defaults, 1).maxRingLength());
        assertEquals(4, OrderVelocityRule.Thresholds.from(defaults, 1).youngCeiling());
        assertEquals(5, AmountAnomalyRule.Thresholds.from(defaults, 1).minOrders());
        assertEquals(0, new java.math.BigDecimal("10000.00").compareTo(PriceRaiseRule.Thresholds.from(defaults, 1).minOrderValue()));
        var e = assertThrows(com.wholesaleos.config.ConfigException.class, () -> com.wholesaleos.config.WosConfig.load(null, java.util.Map.of(),
                java.util.Map.of("fraud.refund-abuse.min-rate", "lots")));
        assertTrue(e.getMessage().contains("'fraud.refund-abuse.min-rate'"), e.getMessage());
    }
}
