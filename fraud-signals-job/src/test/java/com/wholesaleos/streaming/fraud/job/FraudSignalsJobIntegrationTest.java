package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.RuleBook;
import static com.wholesaleos.streaming.fraud.job.MarketplaceScript.DAY;
import static com.wholesaleos.streaming.fraud.job.MarketplaceScript.MIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wholesaleos.streaming.cdc.RejectedRecord;
import com.wholesaleos.streaming.fraud.AccountFarmRule;
import com.wholesaleos.streaming.fraud.AmountAnomalyRule;
import com.wholesaleos.streaming.fraud.CardTestingRule;
import com.wholesaleos.streaming.fraud.OrderVelocityRule;
import com.wholesaleos.streaming.fraud.PriceRaiseRule;
import com.wholesaleos.streaming.fraud.ReferralAbuseRule;
import com.wholesaleos.streaming.fraud.RefundAbuseRule;
import com.wholesaleos.streaming.fraud.facts.FraudFact;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fraud job graph on a Flink MiniCluster (parallelism 2), fed a marketplace history written by hand (not by the
 * simulator): normal trade of 40 established retailers, one instance of every fraud pattern, and the look-alikes that
 * must stay quiet. Topics arrive interleaved with skew and partly twice; the alerts must be exactly the planted ones.
 */
class FraudSignalsJobIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long T0 = 1_780_000_000_000L;

    static final RuleBook RULES = new RuleBook(new CardTestingRule.Thresholds(1, 3, 10 * MIN), new AccountFarmRule.Thresholds(1, 3, 6, 30),
            new ReferralAbuseRule.Thresholds(1, 6, 7 * DAY), new RefundAbuseRule.Thresholds(1, 5, 3.0, 0.2, 0.001),
            new OrderVelocityRule.Thresholds(1, 60 * MIN, 5.0, 14, 3, 4), new AmountAnomalyRule.Thresholds(1, 4.0, 5),
            new PriceRaiseRule.Thresholds(1, new BigDecimal("1.5"), 60 * MIN, new BigDecimal("10000.00")));

    static final String[] SEGMENTS = {"independent", "chain", "online", "horeca"};

    record Expected(MarketplaceScript script, TreeSet<String> alerts) {}

    static Expected history(long seed) {
        Random random = new Random(seed);
        MarketplaceScript m = new MarketplaceScript();
        TreeSet<String> expected = new TreeSet<>();
        for (long mf = 1; mf <= 5; mf++) m.manufacturer(mf, "dev-m" + mf, "fp-m" + mf, T0 - 400 * DAY);
        for (long p = 1; p <= 20; p++) m.product(p, 1 + (p - 1) / 4, 1 + p % 4, (10 + p * 4) + ".00", T0 - 300 * DAY);
        for (long r = 1; r <= 40; r++) {
            String address = r >= 33 ? "Shared site A, region 1" : r + " Market St";
            // A franchise chain opens its stores on one site over years; an account farm signs up within days.
            m.retailer(r, SEGMENTS[(int) (r % 4)], T0 - (100 + r * 30) * DAY, "+1-555-" + (1000 + r), address, "dev-r" + r);
        }
        // Normal trade: every retailer orders every few days for 60 days; retailer 4 always buys big (look-alike).
        List<long[]> delivered = new ArrayList<>();
        for (long day = 0; day < 60; day++) {
            for (long r = 1; r <= 40; r++) {
                if (random.nextInt(3) != 0) continue;
                long at = T0 + day * DAY + random.nextInt(600) * MIN;
                int n = 1 + random.nextInt(3);
                long[][] lines = new long[n][];
                for (int i = 0; i < n; i++) {
                    long p = 1 + i * 6 + random.nextInt(6);
                    long qty = (r == 4 ? 200 : 1) + random.nextInt(r == 4 ? 400 : 20);
                    lines[i] = new long[] {p, 1 + p % 4, qty, (10 + p * 4) * 100};
                }
                String segment = SEGMENTS[(int) (r % 4)];
                long o = m.order(r, segment, r >= 33 ? "Shared site A, region 1" : r + " Market St", "dev-r" + r, at, "fp-r" + r, true, lines);
                m.status(o, "confirmed", at + 30 * MIN);
                m.status(o, "shipped", at + DAY);
                m.status(o, "delivered", at + 2 * DAY);
                delivered.add(new long[] {o, r});
                if (random.nextInt(100) < 8) m.refund(o, 1, new BigDecimal("5.00"), "damaged_units", at + 3 * DAY);
            }
        }
        long late = T0 + 61 * DAY;

        // 1. Card testing: a new account tries a stolen card five times within minutes, then it works.
        m.retailer(41, "online", late - DAY, "+1-555-0041", "41 Canal Rd", "dev-r41");
        long probe = m.order(41, "online", "41 Canal Rd", "dev-r41", late, "fp-stolen", false, new long[] {1, 2, 1, 1400});
        for (int i = 1; i <= 4; i++) m.payment(probe, "fp-stolen", "failed", m.total(probe), late + i * MIN);
        m.payment(probe, "fp-stolen", "authorized", m.total(probe), late + 5 * MIN);
        expected.add("card-testing|instrument|fp-stolen");
        expected.add("card-testing|retailer|41");

        // 2. Account farm: five accounts signed up within hours from one device.
        for (long r = 50; r <= 54; r++) m.retailer(r, "online", late + (r - 50) * 60 * MIN, "+1-555-00" + r, r + " Oak Lane", "dev-farm");
        expected.add("account-farm|device|dev-farm");
        // Look-alike: eight established chain stores on one shared site (retailers 33..40), above: quiet.

        // 3. Velocity: a two-day-old account places six orders within half an hour.
        m.retailer(70, "independent", late - 2 * DAY, "+1-555-0070", "70 Mill Rd", "dev-r70");
        for (int i = 0; i < 6; i++) m.order(70, "independent", "70 Mill Rd", "dev-r70", late + i * 5 * MIN, "fp-r70", true, new long[] {2, 3, 2, 1800});
        expected.add("order-velocity|retailer|70");
        // Look-alike: an established retailer orders three times in an hour.
        for (int i = 0; i < 3; i++) m.order(5, "chain", "5 Market St", "dev-r5", late + i * 15 * MIN, "fp-r5", true, new long[] {3, 4, 3, 2200});

        // 4. Amount anomaly: retailer 3 suddenly orders ten thousand times its usual (as the simulator's scenarios do: parallel
        // steps may bring it to the retailer before its history, and then its category judges it, at a wider margin).
        long huge = m.order(3, "online", "3 Market St", "dev-r3", late + 2 * DAY, "fp-r3", true, new long[] {8, 1, 90000, 4200});
        expected.add("amount-anomaly|order|" + huge);
        // Look-alike: retailer 4's big order is its usual size.
        m.order(4, "independent", "4 Market St", "dev-r4", late + 2 * DAY, "fp-r4", true, new long[] {8, 1, 400, 4200});

        // 5a. Referral with one device on both sides.
        m.retailer(80, "online", late, "+1-555-0080", "80 King St", "dev-r80");
        m.retailer(81, "online", late + DAY, "+1-555-0081", "81 King St", "dev-r80");
        long shared = m.referral(80, 81, late + DAY);
        expected.add("referral-abuse|referral|" + shared);
        // 5b. A referral ring 90 -> 91 -> 92 -> 90.
        for (long r = 90; r <= 92; r++) m.retailer(r, "horeca", late, "+1-555-00" + r, r + " Bridge St", "dev-r" + r);
        m.referral(91, 92, late + DAY);
        m.referral(90, 91, late + DAY + MIN);
        m.referral(92, 90, late + DAY + 2 * MIN);
        expected.add("referral-abuse|referral-ring|90>91>92>90");
        // 5c. A referee's first order refunded two hours after the reward it earned.
        m.retailer(95, "online", late, "+1-555-0095", "95 Harbour Way", "dev-r95");
        long rr = m.referral(1, 95, late);
        long first = m.order(95, "online", "95 Harbour Way", "dev-r95", late + DAY, "fp-r95", true, new long[] {6, 3, 10, 3000});
        m.status(first, "confirmed", late + DAY + MIN);
        m.status(first, "shipped", late + 2 * DAY);
        m.status(first, "delivered", late + 3 * DAY);
        m.rewarded(rr, 1, 95, late + 3 * DAY + MIN);
        m.refund(first, 1, m.total(first), "returned", late + 3 * DAY + 120 * MIN);
        m.status(first, "refunded", late + 3 * DAY + 120 * MIN);
        expected.add("referral-abuse|retailer|95");
        // Look-alike: a referee rewarded, its order kept.
        m.retailer(96, "chain", late, "+1-555-0096", "96 Station Ave", "dev-r96");
        long ok = m.referral(2, 96, late);
        long kept = m.order(96, "chain", "96 Station Ave", "dev-r96", late + DAY, "fp-r96", true, new long[] {6, 3, 10, 3000});
        m.status(kept, "delivered", late + 3 * DAY);
        m.rewarded(ok, 2, 96, late + 3 * DAY + MIN);

        // 6. Refund abuse: retailer 10's deliveries, nearly all refunded.
        for (int i = 0; i < 10; i++) {
            long o = m.order(10, "chain", "10 Market St", "dev-r10", late + 4 * DAY + i * DAY, "fp-r10", true, new long[] {7, 4, 5, 3800});
            m.status(o, "delivered", late + 5 * DAY + i * DAY);
            if (i % 5 != 0) m.refund(o, 1, new BigDecimal("190.00"), "not_as_described", late + 6 * DAY + i * DAY);
        }
        expected.add("refund-abuse|retailer|10");
        // Look-alike: a recall refunds one order of each of 15 retailers.
        for (int i = 0; i < 15; i++) {
            long[] d = delivered.get(delivered.size() - 1 - i * 7);
            m.refund(d[0], 1, new BigDecimal("1.00"), "recall", late + 20 * DAY + i * MIN);
        }

        // 7a. Seller collusion: a retailer orders manufacturer 3's products from manufacturer 3's own device.
        m.order(12, "independent", "12 Market St", "dev-m3", late + 30 * DAY, "fp-r12", true, new long[] {10, 3, 5, 5000});
        expected.add("seller-collusion|manufacturer|3");
        // 7b. A price raised 2.4x twenty minutes before a large order of it.
        m.product(15, 4, 4, "180.00", late + 31 * DAY);
        m.order(6, "horeca", "6 Market St", "dev-r6", late + 31 * DAY + 20 * MIN, "fp-r6", true, new long[] {15, 4, 100, 18000});
        expected.add("seller-collusion|product|15");
        // Look-alikes: a 5% rise before a large order; a doubling three days before one.
        m.product(16, 4, 1, "78.75", late + 32 * DAY);
        m.order(7, "online", "7 Market St", "dev-r7", late + 32 * DAY + 10 * MIN, "fp-r7", true, new long[] {16, 1, 200, 7875});
        m.product(17, 5, 2, "156.00", late + 33 * DAY);
        m.order(8, "independent", "8 Market St", "dev-r8", late + 36 * DAY, "fp-r8", true, new long[] {17, 2, 100, 15600});
        return new Expected(m, expected);
    }

    static Map<String, RaisedSignal> run(List<FraudFact> arrival) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<FraudFact> facts = env.fromData(arrival, TypeInformation.of(FraudFact.class));
        DataStream<com.wholesaleos.streaming.fraud.control.RuleChange> noChanges = env.fromData(List.of(new com.wholesaleos.streaming.fraud.control.RuleChange()),
                TypeInformation.of(com.wholesaleos.streaming.fraud.control.RuleChange.class)).filter(c -> false);
        FraudSignalsJob.Outputs out = FraudSignalsJob.build(facts, noChanges, RULES, Map.of(), 365 * DAY);
        List<RejectedRecord> rejected = new ArrayList<>();
        out.rejected().executeAndCollect("fraud-rejects").forEachRemaining(rejected::add);
        assertEquals(List.of(), rejected.stream().map(r -> r.reason).toList(), "nothing dead-lettered");
        Map<String, RaisedSignal> latest = new TreeMap<>();
        try (var it = out.alerts().executeAndCollect("fraud-alerts")) {
            it.forEachRemaining(a -> latest.put(a.signal().alertId(), a));
        }
        return latest;
    }

    @Test
    void raisesExactlyThePlantedAlertsWhateverTheArrivalOrder() throws Exception {
        Expected e = history(7);
        Map<String, RaisedSignal> alerts = run(e.script().arrival(11, 25));
        assertEquals(e.alerts(), new TreeSet<>(alerts.keySet()), () -> "alerts raised; unexpected: " + alerts.entrySet().stream()
                .filter(a -> !e.alerts().contains(a.getKey())).sorted(java.util.Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())).limit(3).map(a -> a.getValue().signal().toString()).toList());
        RaisedSignal card = alerts.get("card-testing|instrument|fp-stolen");
        assertEquals("HIGH", card.signal().severity().name(), "failures followed by a success");
        assertTrue(card.signal().evidence().size() >= 5, "every failed attempt is evidence: " + card.signal().evidence());
    }
}
