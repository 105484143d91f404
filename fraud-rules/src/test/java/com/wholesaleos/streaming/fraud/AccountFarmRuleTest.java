package com.wholesaleos.streaming.fraud;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class AccountFarmRuleTest {
    static final long DAY = 86_400_000L;
    static final long NOW = 1_700_000_000_000L;
    static final AccountFarmRule.Thresholds THRESHOLDS = new AccountFarmRule.Thresholds(1, 3, 6, 30);

    @Test
    void manyYoungAccountsOnOneDeviceFire() {
        AccountFarmRule rule = new AccountFarmRule(THRESHOLDS);
        assertTrue(rule.onRetailer("device", "dev-9", 1, NOW - 2 * DAY, NOW).isEmpty());
        assertTrue(rule.onRetailer("device", "dev-9", 2, NOW - DAY, NOW).isEmpty());
        var s = rule.onRetailer("device", "dev-9", 3, NOW, NOW).orElseThrow();
        assertEquals("account-farm|device|dev-9", s.alertId());
        assertEquals(3, s.evidence().size());
        assertEquals(FraudSignal.Severity.MEDIUM, s.severity());
    }

    @Test
    void aFranchiseChainOfEstablishedAccountsOnOneSiteDoesNot() {
        AccountFarmRule rule = new AccountFarmRule(THRESHOLDS);
        for (long id = 1; id <= 12; id++) {
            assertTrue(rule.onRetailer("address", "Shared site 1", id, NOW - (200 + id) * DAY, NOW).isEmpty(), "established account " + id);
        }
    }

    @Test
    void addressesNeedMoreAccountsThanDevices() {
        AccountFarmRule rule = new AccountFarmRule(THRESHOLDS);
        for (long id = 1; id <= 5; id++) assertTrue(rule.onRetailer("address", "12 Mill Rd", id, NOW - DAY, NOW).isEmpty());
        assertTrue(rule.onRetailer("address", "12 Mill Rd", 6, NOW, NOW).isPresent());
    }
}
