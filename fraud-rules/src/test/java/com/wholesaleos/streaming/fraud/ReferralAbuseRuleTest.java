package com.wholesaleos.streaming.fraud;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferralAbuseRuleTest {
    static final long T0 = 1_700_000_000_000L;
    static final ReferralAbuseRule.Thresholds THRESHOLDS = new ReferralAbuseRule.Thresholds(1, 5, 24 * 3_600_000L);

    static ReferralAbuseRule.Identity id(long retailer, String phone, String address, String device, String... instruments) {
        return new ReferralAbuseRule.Identity(retailer, phone, address, device, Set.of(instruments));
    }

    @Test
    void aRefereeSharingTheReferrersInstrumentAndDeviceIsOnePersonOnBothSides() {
        var rule = new ReferralAbuseRule(THRESHOLDS);
        var s = rule.sharedIdentity(9, id(1, "+1-1", "1 Mill Rd", "dev-a", "fp-1"), id(2, "+1-2", "9 Oak Ln", "dev-a", "fp-1"), T0).orElseThrow();
        assertEquals(FraudSignal.Severity.HIGH, s.severity());
        assertEquals("referral-abuse|retailer|1", s.alertId());
        assertEquals(3, s.evidence().size(), "the referral, the shared device, the shared instrument");
    }

    @Test
    void strangersAndUnknownFactsDoNotMatch() {
        var rule = new ReferralAbuseRule(THRESHOLDS);
        assertTrue(rule.sharedIdentity(9, id(1, "+1-1", "1 Mill Rd", "dev-a", "fp-1"), id(2, "+1-2", "9 Oak Ln", "dev-b", "fp-2"), T0).isEmpty());
        assertTrue(rule.sharedIdentity(9, id(1, null, null, null), id(2, null, null, null), T0).isEmpty(), "two unknowns are not a match");
    }

    @Test
    void aRingIsFoundWhenItClosesAndAChainIsNot() {
        var rule = new ReferralAbuseRule(THRESHOLDS);
        assertTrue(rule.ring(1, 10, 11, T0).isEmpty());
        assertTrue(rule.ring(2, 11, 12, T0).isEmpty());
        assertTrue(rule.ring(3, 12, 13, T0).isEmpty(), "a chain of referrals is how referrals grow");
        var ring = rule.ring(4, 13, 10, T0).orElseThrow();
        assertEquals("10>11>12>13>10", ring.entityId());
        assertEquals(4, ring.evidence().size());
    }

    @Test
    void ringsLongerThanTheLimitAreLeftAlone() {
        var rule = new ReferralAbuseRule(new ReferralAbuseRule.Thresholds(1, 3, 0));
        rule.ring(1, 1, 2, T0);
        rule.ring(2, 2, 3, T0);
        rule.ring(3, 3, 4, T0);
        assertTrue(rule.ring(4, 4, 1, T0).isEmpty(), "a ring of 4 beyond a limit of 3");
    }

    @Test
    void aCancellationRightAfterTheRewardFiresButOneMonthsLaterDoesNot() {
        var rule = new ReferralAbuseRule(THRESHOLDS);
        assertTrue(rule.cancelAfterReward(5, 1, 2, T0, 77, "cancelled", T0 + 30 * 60_000).isPresent());
        assertTrue(rule.cancelAfterReward(5, 1, 2, T0, 78, "refunded", T0 + 30L * 86_400_000).isEmpty());
    }
}
