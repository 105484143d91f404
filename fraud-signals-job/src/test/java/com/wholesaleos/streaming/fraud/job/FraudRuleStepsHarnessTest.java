package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import static com.wholesaleos.streaming.fraud.job.FraudSignalsJobIntegrationTest.RULES;
import static com.wholesaleos.streaming.fraud.job.MarketplaceScript.DAY;
import static com.wholesaleos.streaming.fraud.job.MarketplaceScript.MIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wholesaleos.streaming.fraud.CardTestingRule;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Each rule step under Flink's keyed broadcast operator harness: it fires on its pattern, stays quiet on the
 * look-alike, forgets by its state's time to live, and judges with a rule version broadcast while it runs.
 */
class FraudRuleStepsHarnessTest {
    static final long T0 = 1_780_000_000_000L;
    static final long TTL = 30 * DAY;
    private long lsn = 1;

    private <K> KeyedBroadcastOperatorTestHarness<K, FraudFact, RuleBook, FraudFact> harness(FraudOperator<K, ?> step, KeySelector<FraudFact, K> key,
                                                                                              Class<K> keyType) throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(step, key, TypeInformation.of(keyType), FraudOperator.RULE_BOOK);
        h.open();
        return h;
    }

    private static List<String> alerts(KeyedBroadcastOperatorTestHarness<?, FraudFact, RuleBook, FraudFact> h) {
        Queue<StreamRecord<RaisedSignal>> out = h.getSideOutput(FraudOperator.SIGNALS);
        return out == null ? List.of() : out.stream().map(r -> r.getValue().signal().alertId() + " v" + r.getValue().signal().ruleVersion()).distinct().toList();
    }

    private FraudFact payment(String card, long retailer, String status, long at) {
        FraudFact f = FraudFact.of(FraudFact.PAYMENT, lsn++, at, at);
        f.paymentId = lsn;
        f.orderId = 1000 + lsn;
        f.retailerId = retailer;
        f.instrument = card;
        f.status = status;
        f.attrKind = "instrument";
        f.attrValue = card;
        return f;
    }

    private FraudFact seen(String kind, String value, long retailer, long signupAt, long at) {
        FraudFact f = FraudFact.of(FraudFact.ATTRIBUTE_SEEN, lsn++, at, at);
        f.attrKind = kind;
        f.attrValue = value;
        f.retailerId = retailer;
        f.signupAtMs = signupAt;
        return f;
    }

    private static void send(KeyedBroadcastOperatorTestHarness<?, FraudFact, RuleBook, FraudFact> h, FraudFact f) throws Exception {
        h.processElement(f, f.atMs);
    }

    @Test
    void cardTestingOnAnInstrumentFiresOnABurstAndNotOnARetry() throws Exception {
        try (var h = harness(new IdentifierFunction(RULES, TTL), f -> f.attrKind + "|" + f.attrValue, String.class)) {
            for (int i = 0; i < 3; i++) send(h, payment("fp-stolen", 7, "failed", T0 + i * MIN));
            send(h, payment("fp-honest", 8, "failed", T0));
            send(h, payment("fp-honest", 8, "failed", T0 + MIN));
            send(h, payment("fp-honest", 8, "captured", T0 + 2 * MIN)); // insufficient funds once more, then it went through
            assertEquals(List.of("card-testing|instrument|fp-stolen v1"), alerts(h));
        }
    }

    @Test
    void whatTheStateForgotByItsTimeToLiveNoLongerCounts() throws Exception {
        try (var h = harness(new IdentifierFunction(RULES, TTL), f -> f.attrKind + "|" + f.attrValue, String.class)) {
            h.setStateTtlProcessingTime(0);
            send(h, payment("fp-1", 7, "failed", T0));
            send(h, payment("fp-1", 7, "failed", T0 + MIN));
            h.setStateTtlProcessingTime(TTL + 1); // untouched for longer than the TTL: the key's state is gone
            send(h, payment("fp-1", 7, "failed", T0 + 2 * MIN));
            assertEquals(List.of(), alerts(h), "two forgotten failures and one new one are not a burst");
            send(h, payment("fp-1", 7, "failed", T0 + 3 * MIN));
            send(h, payment("fp-1", 7, "failed", T0 + 4 * MIN));
            assertEquals(List.of("card-testing|instrument|fp-1 v1"), alerts(h), "three after the expiry are");
        }
    }

    @Test
    void aRuleVersionBroadcastWhileRunningJudgesTheNextFacts() throws Exception {
        try (var h = harness(new IdentifierFunction(RULES, TTL), f -> f.attrKind + "|" + f.attrValue, String.class)) {
            send(h, payment("fp-a", 7, "failed", T0));
            send(h, payment("fp-a", 7, "failed", T0 + MIN));
            assertEquals(List.of(), alerts(h), "two failures are below version 1's three");
            RuleBook v2 = RULES.apply(CardTestingRule.NAME, 2, Map.of("fraud.card-testing.failures", "2"), Map.of());
            h.processBroadcastElement(v2, T0);
            send(h, payment("fp-b", 9, "failed", T0 + 2 * MIN));
            send(h, payment("fp-b", 9, "failed", T0 + 3 * MIN));
            assertEquals(List.of("card-testing|instrument|fp-b v2"), alerts(h), "the alert names the version that raised it");
        }
    }

    @Test
    void anAccountFarmIsYoungAccountsInABurstNotAnOldChainOnOneSite() throws Exception {
        try (var h = harness(new IdentifierFunction(RULES, TTL), f -> f.attrKind + "|" + f.attrValue, String.class)) {
            for (long r = 1; r <= 3; r++) send(h, seen("device", "dev-farm", r, T0 + r * 60 * MIN, T0 + r * 60 * MIN));
            for (long r = 11; r <= 20; r++) send(h, seen("address", "Shared site 1", r, T0 - (400 + r * 40) * DAY, T0));
            assertEquals(List.of("account-farm|device|dev-farm v1"), alerts(h));
        }
    }

    @Test
    void velocityHoldsAYoungAccountToACeilingAndAnEstablishedOneToItsOwnRate() throws Exception {
        try (var h = harness(new RetailerFunction(RULES, TTL), f -> FraudFact.REFERRAL.equals(f.kind) ? f.refereeId : f.retailerId, Long.class)) {
            send(h, retailer(70, T0 - DAY));
            send(h, retailer(5, T0 - 300 * DAY));
            for (int i = 0; i < 5; i++) send(h, placed(70, 700 + i, "100.00", T0 + i * 5 * MIN));
            for (int i = 0; i < 3; i++) send(h, placed(5, 500 + i, "100.00", T0 + i * 15 * MIN));
            assertEquals(List.of("order-velocity|retailer|70 v1"), alerts(h));
        }
    }

    @Test
    void aYoungAccountsBurstIsCaughtWhenItsSignUpArrivesAfterItsOrders() throws Exception {
        try (var h = harness(new RetailerFunction(RULES, TTL), f -> FraudFact.REFERRAL.equals(f.kind) ? f.refereeId : f.retailerId, Long.class)) {
            for (int i = 0; i < 5; i++) send(h, placed(71, 710 + i, "100.00", T0 + i * 5 * MIN)); // the retailers topic lags
            assertEquals(List.of(), alerts(h), "five orders are no burst for an account of unknown age");
            send(h, retailer(71, T0 - DAY));
            assertEquals(List.of("order-velocity|retailer|71 v1"), alerts(h));
        }
    }

    @Test
    void aPriceRaisedJustBeforeALargeLineIsSellerCollusionAnOldRaiseIsNot() throws Exception {
        try (var h = harness(new ProductFunction(RULES, TTL), f -> f.productId, Long.class)) {
            send(h, product(15, "50.00", T0 - 100 * DAY));
            send(h, product(16, "50.00", T0 - 100 * DAY));
            send(h, product(15, "120.00", T0));
            send(h, product(16, "120.00", T0 - 3 * DAY));
            send(h, line(15, 9001, "12000.00", T0 + 20 * MIN));
            send(h, line(16, 9002, "12000.00", T0 + 20 * MIN));
            assertEquals(List.of("seller-collusion|product|15 v1"), alerts(h));
            assertEquals(2, h.getOutput().size(), "both lines pass on, with their manufacturer");
        }
    }

    @Test
    void aReferralRingIsFoundHoweverItCloses() throws Exception {
        try (var h = harness(new ReferralGraphFunction(RULES, TTL), f -> 0L, Long.class)) {
            send(h, referral(1, 92, 90, T0));
            send(h, referral(2, 90, 91, T0 + MIN));
            send(h, referral(3, 91, 92, T0 + 2 * MIN));
            send(h, referral(4, 1, 2, T0)); // a chain, not a ring
            assertEquals(List.of("referral-abuse|referral-ring|90>91>92>90 v1"), alerts(h));
        }
    }

    @Test
    void anOrderFarAboveTheRetailersOwnOrdersIsAnAnomalyABigHabitualBuyerIsNot() throws Exception {
        try (var h = harness(new RetailerFunction(RULES, TTL), f -> FraudFact.REFERRAL.equals(f.kind) ? f.refereeId : f.retailerId, Long.class)) {
            send(h, retailer(3, T0 - 300 * DAY));
            send(h, retailer(4, T0 - 300 * DAY));
            String[] small = {"120.00", "80.00", "200.00", "150.00", "95.00", "130.00"};
            String[] big = {"12000.00", "8000.00", "20000.00", "15000.00", "9500.00", "13000.00"};
            for (int i = 0; i < small.length; i++) {
                send(h, placed(3, 300 + i, small[i], T0 + i * DAY));
                send(h, placed(4, 400 + i, big[i], T0 + i * DAY));
            }
            send(h, placed(3, 399, "60000.00", T0 + 10 * DAY)); // 500 times its usual
            send(h, placed(4, 499, "16000.00", T0 + 10 * DAY)); // big, as always
            assertEquals(List.of("amount-anomaly|order|399 v1"), alerts(h));
            assertEquals("amount-flagged", h.getOutput().stream().map(r -> ((StreamRecord<FraudFact>) r).getValue())
                    .filter(f -> f.orderId == 399).findFirst().orElseThrow().question, "the outlier stays out of its category's baseline");
        }
    }

    @Test
    void refundsOfMostDeliveriesAreAbuseOneRecallRefundIsNot() throws Exception {
        try (var h = harness(new SegmentFunction(RULES, TTL), f -> f.segment, String.class)) {
            long order = 1;
            for (long r = 100; r < 140; r++) {          // the rest of the segment: a few refunds in many deliveries
                for (int i = 0; i < 5; i++) {
                    send(h, status(r, order, "delivered", T0 + i * DAY));
                    if ((r + i) % 13 == 0) send(h, refundAfterDelivery(r, order, T0 + i * DAY + DAY));
                    order++;
                }
            }
            for (int i = 0; i < 6; i++) {                // retailer 10: five of six refunded
                send(h, status(10, 900 + i, "delivered", T0 + 10 * DAY + i * DAY));
                if (i > 0) send(h, refundAfterDelivery(10, 900 + i, T0 + 11 * DAY + i * DAY));
            }
            send(h, refundAfterDelivery(101, 7000, T0 + 30 * DAY)); // a recall: one more refund for an ordinary retailer
            assertEquals(List.of("refund-abuse|retailer|10 v1"), alerts(h));
        }
    }

    @Test
    void aReferralWhoseTwoSidesShareADeviceIsAbuseOneAtAKnownSharedSiteIsNot() throws Exception {
        try (var h = harness(new IdentifierFunction(RULES, TTL), f -> f.attrKind + "|" + f.attrValue, String.class)) {
            send(h, seen("device", "dev-80", 80, T0, T0));
            send(h, referralAt("device", "dev-80", 5001, 80, 81, T0 + DAY));
            send(h, seen("device", "dev-80", 81, T0 + DAY, T0 + DAY));
            for (long r = 30; r < 33; r++) send(h, seen("address", "Shared site 2", r, T0 - (300 + r * 50) * DAY, T0));
            send(h, referralAt("address", "Shared site 2", 5002, 30, 82, T0 + DAY));
            send(h, seen("address", "Shared site 2", 82, T0, T0 + DAY));
            assertEquals(List.of("referral-abuse|referral|5001 v1"), alerts(h));
        }
    }

    @Test
    void aPurchaseThroughTheSellersOwnDeviceIsCollusion() throws Exception {
        try (var h = harness(new IdentifierFunction(RULES, TTL), f -> f.attrKind + "|" + f.attrValue, String.class)) {
            FraudFact seller = FraudFact.of(FraudFact.MANUFACTURER_ATTRIBUTE, lsn++, T0, T0);
            seller.manufacturerId = 3;
            seller.attrKind = "device";
            seller.attrValue = "dev-m3";
            send(h, seller);
            send(h, purchase("dev-m3", 12, 777, "3,4", T0 + DAY));
            send(h, purchase("dev-m3", 13, 778, "4,5", T0 + DAY)); // someone else's products from that device
            assertEquals(List.of("seller-collusion|manufacturer|3 v1"), alerts(h));
        }
    }

    @Test
    void aRefereesFirstOrderRefundedRightAfterTheRewardIsAbuseWhicheverArrivesFirst() throws Exception {
        try (var h = harness(new RetailerFunction(RULES, TTL), f -> FraudFact.REFERRAL.equals(f.kind) ? f.refereeId : f.retailerId, Long.class)) {
            send(h, retailer(95, T0));
            send(h, placed(95, 9500, "300.00", T0 + DAY));
            send(h, status(95, 9500, "refunded", T0 + 3 * DAY + 120 * MIN)); // the refund arrives before the referral's reward
            send(h, referral(6001, 1, 95, T0));
            FraudFact rewarded = referral(6001, 1, 95, T0 + 3 * DAY);
            rewarded.rewardedAtMs = T0 + 3 * DAY;
            send(h, rewarded);
            send(h, retailer(96, T0));
            send(h, referral(6002, 2, 96, T0));
            send(h, placed(96, 9600, "300.00", T0 + DAY));
            FraudFact kept = referral(6002, 2, 96, T0 + 3 * DAY);
            kept.rewardedAtMs = T0 + 3 * DAY;
            send(h, kept);
            send(h, status(96, 9600, "refunded", T0 + 20 * DAY)); // weeks later: an ordinary return
            assertEquals(List.of("referral-abuse|retailer|95 v1"), alerts(h));
        }
    }

    private FraudFact status(long retailer, long order, String status, long at) {
        FraudFact f = FraudFact.of(FraudFact.ORDER_STATUS, lsn++, at, at);
        f.retailerId = retailer;
        f.orderId = order;
        f.status = status;
        f.segment = "online";
        return f;
    }

    private FraudFact refundAfterDelivery(long retailer, long order, long at) {
        FraudFact f = FraudFact.of(FraudFact.REFUND, lsn++, at, at);
        f.retailerId = retailer;
        f.orderId = order;
        f.refundId = lsn;
        f.segment = "online";
        f.count = 1;
        return f;
    }

    private FraudFact referralAt(String kind, String value, long referral, long referrer, long referee, long at) {
        FraudFact f = FraudFact.of(FraudFact.REFERRAL_ATTRIBUTE, lsn++, at, at);
        f.attrKind = kind;
        f.attrValue = value;
        f.referralId = referral;
        f.referrerId = referrer;
        f.refereeId = referee;
        return f;
    }

    private FraudFact purchase(String device, long retailer, long order, String manufacturers, long at) {
        FraudFact f = FraudFact.of(FraudFact.PURCHASE, lsn++, at, at);
        f.attrKind = "device";
        f.attrValue = device;
        f.retailerId = retailer;
        f.orderId = order;
        f.manufacturers = manufacturers;
        return f;
    }

    private FraudFact retailer(long id, long signupAt) {
        FraudFact f = FraudFact.of(FraudFact.RETAILER, lsn++, signupAt, signupAt);
        f.retailerId = id;
        f.segment = "online";
        f.signupAtMs = signupAt;
        return f;
    }

    private FraudFact placed(long retailer, long order, String amount, long at) {
        FraudFact f = FraudFact.of(FraudFact.ORDER_PLACED, lsn++, at, at);
        f.retailerId = retailer;
        f.orderId = order;
        f.amount = new BigDecimal(amount);
        f.categoryId = 1;
        f.segment = "online";
        return f;
    }

    private FraudFact product(long id, String price, long at) {
        FraudFact f = FraudFact.of(FraudFact.PRODUCT, lsn++, at, at);
        f.productId = id;
        f.manufacturerId = 3;
        f.categoryId = 1;
        f.amount = new BigDecimal(price);
        return f;
    }

    private FraudFact line(long product, long order, String value, long at) {
        FraudFact f = FraudFact.of(FraudFact.ITEM, lsn++, at, at);
        f.productId = product;
        f.orderId = order;
        f.lineNo = 1;
        f.amount = new BigDecimal(value);
        return f;
    }

    private FraudFact referral(long id, long referrer, long referee, long at) {
        FraudFact f = FraudFact.of(FraudFact.REFERRAL, lsn++, at, at);
        f.referralId = id;
        f.referrerId = referrer;
        f.refereeId = referee;
        f.status = "pending";
        return f;
    }
}
