package com.wholesaleos.streaming.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.WosConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule updates from the control topic: what is applied, and what is refused with a reason (the running book stays). */
class RuleBookTest {
    static final WosConfig DEFAULTS = WosConfig.defaults();
    static final RuleBook BOOK = RuleBook.from(DEFAULTS);
    static final Map<String, String> SETTINGS = DEFAULTS.values("fraud.");

    @Test
    void anUpdateRaisesItsRuleToTheNewVersionAndLeavesTheOthers() {
        RuleBook next = BOOK.apply("card-testing", 2, Map.of("fraud.card-testing.failures", "5"), SETTINGS);
        assertEquals(5, next.cardTesting().failures());
        assertEquals(2, next.version("card-testing"));
        assertEquals(BOOK.cardTesting().windowMs(), next.cardTesting().windowMs(), "a key left out keeps its running value");
        assertEquals(BOOK.velocity(), next.velocity());
        assertEquals(1, next.version("order-velocity"));
    }

    @Test
    void theRulesDeclaredInTheSettingsAreTheRulesTheJobRuns() {
        assertEquals(java.util.Set.of(com.wholesaleos.streaming.fraud.CardTestingRule.NAME, com.wholesaleos.streaming.fraud.AccountFarmRule.NAME,
                com.wholesaleos.streaming.fraud.ReferralAbuseRule.NAME, com.wholesaleos.streaming.fraud.RefundAbuseRule.NAME,
                com.wholesaleos.streaming.fraud.OrderVelocityRule.NAME, com.wholesaleos.streaming.fraud.AmountAnomalyRule.NAME,
                com.wholesaleos.streaming.fraud.PriceRaiseRule.NAME), RuleBook.SETTINGS_PREFIX.keySet());
        for (var e : RuleBook.SETTINGS_PREFIX.entrySet()) {
            assertTrue(SETTINGS.keySet().stream().anyMatch(k -> k.startsWith(e.getValue())), "settings of " + e.getKey());
        }
    }

    @Test
    void aMalformedUpdateIsRefusedSayingWhy() {
        var stale = assertThrows(IllegalArgumentException.class, () -> BOOK.apply("card-testing", 1, Map.of("fraud.card-testing.failures", "5"), SETTINGS));
        assertTrue(stale.getMessage().contains("not above the running version 1"), stale.getMessage());
        var foreign = assertThrows(IllegalArgumentException.class, () -> BOOK.apply("card-testing", 2, Map.of("fraud.velocity.window-ms", "5"), SETTINGS));
        assertTrue(foreign.getMessage().contains("fraud.velocity.window-ms"), foreign.getMessage());
        var bad = assertThrows(ConfigException.class, () -> BOOK.apply("card-testing", 2, Map.of("fraud.card-testing.failures", "lots"), SETTINGS));
        assertTrue(bad.getMessage().contains("fraud.card-testing.failures"), bad.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> BOOK.apply("tarot", 2, Map.of("fraud.tarot.cards", "3"), SETTINGS));
        assertTrue(unknown.getMessage().contains("unknown rule 'tarot'"), unknown.getMessage());
        var unknownKey = assertThrows(ConfigException.class, () -> BOOK.apply("card-testing", 2, Map.of("fraud.card-testing.colour", "red"), SETTINGS));
        assertTrue(unknownKey.getMessage().contains("fraud.card-testing.colour"), unknownKey.getMessage());
    }
}
