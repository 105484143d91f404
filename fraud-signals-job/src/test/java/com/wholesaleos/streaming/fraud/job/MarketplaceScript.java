package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.fraud.facts.FraudFact;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Marketplace history written by hand as the capture would deliver it (one fact per committed row change, each with its
 * LSN), independent of the simulator. {@link #arrival} delivers it as Kafka would: each topic in commit order,
 * topics interleaved with a bounded skew, some changes twice.
 */
final class MarketplaceScript {
    static final long DAY = 86_400_000L;
    static final long MIN = 60_000L;

    private final List<FraudFact> facts = new ArrayList<>();
    private long lsn = 1;
    private long ids = 100_000;

    long nextId() { return ids++; }

    private FraudFact fact(String kind, String topic, long at) {
        FraudFact f = FraudFact.of(kind, lsn++, at, at);
        f.topic = topic;
        f.offset = f.lsn;
        f.partition = 0;
        facts.add(f);
        return f;
    }

    void retailer(long id, String segment, long signupAt, String phone, String address, String device) {
        FraudFact f = fact(FraudFact.RETAILER, "retailers", signupAt);
        f.retailerId = id;
        f.segment = segment;
        f.signupAtMs = signupAt;
        f.status = "active";
        f.phone = phone;
        f.address = address;
        f.device = device;
    }

    void manufacturer(long id, String device, String instrument, long at) {
        FraudFact f = fact(FraudFact.MANUFACTURER, "manufacturers", at);
        f.manufacturerId = id;
        f.device = device;
        f.instrument = instrument;
    }

    void product(long id, long manufacturer, long category, String price, long at) {
        FraudFact f = fact(FraudFact.PRODUCT, "products", at);
        f.productId = id;
        f.manufacturerId = manufacturer;
        f.categoryId = category;
        f.amount = new BigDecimal(price);
        f.status = "active";
    }

    /** An order with its lines ({product, category, quantity, unit price in cents}) and its first payment, in one transaction. */
    long order(long retailer, String segment, String address, String device, long at, String instrument, boolean paid, long[]... lines) {
        long id = nextId();
        BigDecimal total = BigDecimal.ZERO;
        for (long[] l : lines) total = total.add(BigDecimal.valueOf(l[2] * l[3], 2));
        status(id, retailer, segment, address, device, total, "placed", at);
        int n = 1;
        for (long[] l : lines) {
            FraudFact i = fact(FraudFact.ITEM, "order_items", at);
            i.orderId = id;
            i.lineNo = n++;
            i.productId = l[0];
            i.categoryId = l[1];
            i.quantity = (int) l[2];
            i.previousAmount = BigDecimal.valueOf(l[3], 2);
            i.amount = BigDecimal.valueOf(l[2] * l[3], 2);
        }
        payment(id, instrument, paid ? "authorized" : "failed", total, at);
        return id;
    }

    final java.util.Map<Long, Object[]> headers = new java.util.HashMap<>();

    void status(long order, long retailer, String segment, String address, String device, BigDecimal total, String status, long at) {
        headers.put(order, new Object[] {retailer, segment, address, device, total});
        FraudFact f = fact(FraudFact.ORDER, "orders", at);
        f.orderId = order;
        f.retailerId = retailer;
        f.segment = segment;
        f.address = address;
        f.device = device;
        f.amount = total;
        f.status = status;
    }

    void status(long order, String status, long at) {
        Object[] h = headers.get(order);
        status(order, (long) h[0], (String) h[1], (String) h[2], (String) h[3], (BigDecimal) h[4], status, at);
    }

    BigDecimal total(long order) { return (BigDecimal) headers.get(order)[4]; }

    long payment(long order, String instrument, String status, BigDecimal amount, long at) {
        long id = nextId();
        FraudFact f = fact(FraudFact.PAYMENT, "payments", at);
        f.paymentId = id;
        f.orderId = order;
        f.instrument = instrument;
        f.status = status;
        f.failureReason = "failed".equals(status) ? "do_not_honor" : null;
        f.amount = amount;
        return id;
    }

    void refund(long order, int line, BigDecimal amount, String reason, long at) {
        FraudFact f = fact(FraudFact.REFUND, "refunds", at);
        f.refundId = nextId();
        f.orderId = order;
        f.lineNo = line;
        f.amount = amount;
        f.failureReason = reason;
    }

    long referral(long referrer, long referee, long at) {
        long id = nextId();
        FraudFact f = fact(FraudFact.REFERRAL, "referrals", at);
        f.referralId = id;
        f.referrerId = referrer;
        f.refereeId = referee;
        f.status = "pending";
        return id;
    }

    void rewarded(long referral, long referrer, long referee, long at) {
        FraudFact f = fact(FraudFact.REFERRAL, "referrals", at);
        f.referralId = referral;
        f.referrerId = referrer;
        f.refereeId = referee;
        f.status = "rewarded";
        f.rewardedAtMs = at;
    }

    /** Every topic in commit order; topics interleaved with a skew of up to {@code skew} changes; about 5% delivered twice. */
    List<FraudFact> arrival(long seed, int skew) {
        Random random = new Random(seed);
        List<Object[]> keyed = new ArrayList<>();
        java.util.Map<String, Long> lastKeyPerTopic = new java.util.HashMap<>();
        for (FraudFact f : facts) {
            // Within a topic the order is kept: a record's arrival key never falls below its predecessor's.
            long key = Math.max(f.lsn + random.nextInt(skew + 1), lastKeyPerTopic.getOrDefault(f.topic, 0L));
            lastKeyPerTopic.put(f.topic, key);
            keyed.add(new Object[] {key, f.lsn, f});
            if (random.nextInt(100) < 5) keyed.add(new Object[] {key, f.lsn, f.copy()});
        }
        keyed.sort(Comparator.<Object[]>comparingLong(k -> (long) k[0]).thenComparingLong(k -> (long) k[1]));
        return keyed.stream().map(k -> (FraudFact) k[2]).toList();
    }
}
