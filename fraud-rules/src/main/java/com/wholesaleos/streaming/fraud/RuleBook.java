package com.wholesaleos.streaming.fraud;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.ConfigException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The thresholds every rule runs with, one version each; what the operators consult on every fact. */
public record RuleBook(CardTestingRule.Thresholds cardTesting, AccountFarmRule.Thresholds accountFarm, ReferralAbuseRule.Thresholds referral,
                       RefundAbuseRule.Thresholds refundAbuse, OrderVelocityRule.Thresholds velocity, AmountAnomalyRule.Thresholds amount,
                       PriceRaiseRule.Thresholds collusion) implements Serializable {

    /** Each rule and the prefix of the settings that are its thresholds. */
    public static final Map<String, String> SETTINGS_PREFIX = com.wholesaleos.config.WosSettings.FRAUD_RULE_SETTINGS;

    /** The running version of one rule. */
    public int version(String rule) {
        return switch (rule) {
            case CardTestingRule.NAME -> cardTesting.version();
            case AccountFarmRule.NAME -> accountFarm.version();
            case ReferralAbuseRule.NAME -> referral.version();
            case RefundAbuseRule.NAME -> refundAbuse.version();
            case OrderVelocityRule.NAME -> velocity.version();
            case AmountAnomalyRule.NAME -> amount.version();
            case PriceRaiseRule.NAME -> collusion.version();
            default -> throw new IllegalArgumentException("unknown rule '" + rule + "'; expected one of " + new java.util.TreeSet<>(SETTINGS_PREFIX.keySet()));
        };
    }

    /** Every rule's running version. */
    public Map<String, Integer> versions() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String rule : new java.util.TreeSet<>(SETTINGS_PREFIX.keySet())) out.put(rule, version(rule));
        return out;
    }

    /**
     * The rule book after one update, validated: a known rule, a version above the running one, settings that are the
     * rule's own and parse. Throws {@link IllegalArgumentException} or {@link ConfigException} naming what is wrong;
     * the caller keeps the running book.
     *
     * @param running the rule book's settings as they are (key to value)
     */
    public RuleBook apply(String rule, int newVersion, Map<String, String> changes, Map<String, String> running) {
        int current = version(rule);
        if (newVersion <= current) throw new IllegalArgumentException(rule + " version " + newVersion + " is not above the running version " + current);
        if (changes.isEmpty()) throw new IllegalArgumentException(rule + " version " + newVersion + " changes no setting");
        String prefix = SETTINGS_PREFIX.get(rule);
        for (String key : changes.keySet()) {
            if (!key.startsWith(prefix)) throw new IllegalArgumentException("setting '" + key + "' is not a threshold of " + rule + " (" + prefix + "*)");
        }
        Map<String, String> next = new HashMap<>(running);
        next.putAll(changes);
        WosConfig c = WosConfig.load(null, Map.of(), next); // unknown keys and bad values fail here, naming the key
        return switch (rule) {
            case CardTestingRule.NAME -> new RuleBook(CardTestingRule.Thresholds.from(c, newVersion), accountFarm, referral, refundAbuse, velocity, amount, collusion);
            case AccountFarmRule.NAME -> new RuleBook(cardTesting, AccountFarmRule.Thresholds.from(c, newVersion), referral, refundAbuse, velocity, amount, collusion);
            case ReferralAbuseRule.NAME -> new RuleBook(cardTesting, accountFarm, ReferralAbuseRule.Thresholds.from(c, newVersion), refundAbuse, velocity, amount, collusion);
            case RefundAbuseRule.NAME -> new RuleBook(cardTesting, accountFarm, referral, RefundAbuseRule.Thresholds.from(c, newVersion), velocity, amount, collusion);
            case OrderVelocityRule.NAME -> new RuleBook(cardTesting, accountFarm, referral, refundAbuse, OrderVelocityRule.Thresholds.from(c, newVersion), amount, collusion);
            case AmountAnomalyRule.NAME -> new RuleBook(cardTesting, accountFarm, referral, refundAbuse, velocity, AmountAnomalyRule.Thresholds.from(c, newVersion), collusion);
            default -> new RuleBook(cardTesting, accountFarm, referral, refundAbuse, velocity, amount, PriceRaiseRule.Thresholds.from(c, newVersion));
        };
    }

    /** The rule book the platform is configured with; version 1 of every rule. */
    public static RuleBook from(WosConfig config) {
        return new RuleBook(CardTestingRule.Thresholds.from(config, 1), AccountFarmRule.Thresholds.from(config, 1),
                ReferralAbuseRule.Thresholds.from(config, 1), RefundAbuseRule.Thresholds.from(config, 1), OrderVelocityRule.Thresholds.from(config, 1),
                AmountAnomalyRule.Thresholds.from(config, 1), PriceRaiseRule.Thresholds.from(config, 1));
    }
}
