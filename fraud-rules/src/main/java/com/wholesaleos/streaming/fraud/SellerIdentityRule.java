package com.wholesaleos.streaming.fraud;

import java.util.List;
import java.util.Optional;

/**
 * Seller collusion, the identity side: a manufacturer's products bought through the manufacturer's own payout
 * instrument or from its own device (the seller buying from itself to fake volume or launder a stolen instrument).
 * One instance holds one device's or instrument's manufacturers; the job keys it by the identifier.
 */
public final class SellerIdentityRule {
    public static final String NAME = PriceRaiseRule.NAME;

    private final int version;

    public SellerIdentityRule(int version) { this.version = version; }

    /**
     * @param sellers manufacturers registered behind this identifier
     * @param bought  manufacturers whose products the purchase bought
     */
    public Optional<FraudSignal> purchase(String kind, String value, java.util.Set<Long> sellers, java.util.Set<Long> bought, long retailerId, long orderId, long atMs) {
        for (long m : bought) {
            if (!sellers.contains(m)) continue;
            return Optional.of(new FraudSignal(NAME, version, FraudSignal.Severity.HIGH, 1.0, "manufacturer", Long.toString(m),
                    List.of(new FraudSignal.Evidence("order", Long.toString(orderId), "retailer " + retailerId + " bought manufacturer " + m
                            + "'s products through the manufacturer's own " + kind + " '" + value + "'")), atMs));
        }
        return Optional.empty();
    }
}
