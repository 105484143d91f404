package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.streaming.fraud.AccountFarmRule;
import com.wholesaleos.streaming.fraud.AmountAnomalyRule;
import com.wholesaleos.streaming.fraud.CardTestingRule;
import com.wholesaleos.streaming.fraud.OrderVelocityRule;
import com.wholesaleos.streaming.fraud.PriceRaiseRule;
import com.wholesaleos.streaming.fraud.ReferralAbuseRule;
import com.wholesaleos.streaming.fraud.RefundAbuseRule;
import java.io.Serializable;

/** The thresholds every rule runs with, one version each; what the operators consult on every fact. */
public record RuleBook(CardTestingRule.Thresholds cardTesting, AccountFarmRule.Thresholds accountFarm, ReferralAbuseRule.Thresholds referral,
                       RefundAbuseRule.Thresholds refundAbuse, OrderVelocityRule.Thresholds velocity, AmountAnomalyRule.Thresholds amount,
                       PriceRaiseRule.Thresholds collusion) implements Serializable {

    /** The rule book the platform is configured with; version 1 of every rule. */
    public static RuleBook from(WosConfig config) {
        return new RuleBook(CardTestingRule.Thresholds.from(config, 1), AccountFarmRule.Thresholds.from(config, 1),
                ReferralAbuseRule.Thresholds.from(config, 1), RefundAbuseRule.Thresholds.from(config, 1), OrderVelocityRule.Thresholds.from(config, 1),
                AmountAnomalyRule.Thresholds.from(config, 1), PriceRaiseRule.Thresholds.from(config, 1));
    }
}
