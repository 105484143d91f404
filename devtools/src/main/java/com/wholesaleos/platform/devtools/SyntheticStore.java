package com.wholesaleos.platform.devtools;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.reco.FeedItem;
import com.wholesaleos.schemas.reco.ProductList;
import com.wholesaleos.schemas.reco.ProfileProduct;
import com.wholesaleos.schemas.reco.RetailerProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The feed API's store at a size no simulation here reaches in minutes: Phase 4's 100,000 retailers each with a profile
 * (a year's purchases: {@link #PRODUCTS_PER_RETAILER} products bought one to three times), an also-bought list for each of
 * its {@link #PRODUCTS} products (as many items as the job keeps, with the job's detail texts) and a trending list per
 * category and region, encoded as the recommendations job writes them. Products, scores and times are random; the sizes
 * are those of real records.
 */
final class SyntheticStore {
    /** Phase 4's catalog: 10,000 manufacturers with 8 products each. */
    static final int PRODUCTS = 80_000;
    static final int PRODUCTS_PER_RETAILER = 12;
    static final int CATEGORIES = 40;
    static final int REGIONS = 20;
    private static final long T0 = 1_790_000_000_000L;
    private static final long DAY = 86_400_000L;

    /** One record of one of the store's topics. */
    record Record(PlatformTopic topic, String key, byte[] value) {
        byte[] keyBytes() { return key.getBytes(StandardCharsets.UTF_8); }
    }

    private final Random random;
    private final int retailers;
    private final int listSize;

    SyntheticStore(long seed, int retailers, int listSize) {
        this.random = new Random(seed);
        this.retailers = retailers;
        this.listSize = listSize;
    }

    /** Every record: the lists first, then the profiles of retailers 1..retailers. */
    void records(Consumer<Record> each) {
        for (long p = 1; p <= PRODUCTS; p++) each.accept(new Record(PlatformTopic.RECO_ALSO_BOUGHT, Long.toString(p), list("product", Long.toString(p), "also-bought")));
        for (long c = 1; c <= CATEGORIES; c++) {
            for (long r = 1; r <= REGIONS; r++) {
                String key = c + "|" + r;
                each.accept(new Record(PlatformTopic.RECO_TRENDING, key, list("category-region", key, "trending")));
            }
        }
        for (long r = 1; r <= retailers; r++) each.accept(new Record(PlatformTopic.RECO_PROFILES, Long.toString(r), profile(r)));
    }

    int recordCount() { return PRODUCTS + CATEGORIES * REGIONS + retailers; }

    private byte[] profile(long retailerId) {
        List<ProfileProduct> products = new ArrayList<>();
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < PRODUCTS_PER_RETAILER; i++) {
            List<Long> times = new ArrayList<>();
            int bought = 1 + random.nextInt(3);
            for (int b = 0; b < bought; b++) times.add(T0 + random.nextInt(365) * DAY);
            times.sort(null);
            orders.addAll(times);
            products.add(new ProfileProduct(1L + random.nextInt(PRODUCTS), 1L + random.nextInt(CATEGORIES), times));
        }
        products.sort(java.util.Comparator.comparingLong(ProfileProduct::getProductId));
        orders = orders.stream().distinct().sorted().toList();
        return bytes(RetailerProfile.newBuilder().setRetailerId(retailerId).setRegionId(1 + retailerId % REGIONS).setSuspended(false)
                .setOrderTimesMs(orders).setProducts(products).setAsOfMs(T0 + 365 * DAY).setComputedAtMs(T0).setSourceCommitMs(T0).build());
    }

    private byte[] list(String subject, String key, String reason) {
        List<FeedItem> items = new ArrayList<>(listSize);
        for (int i = 0; i < listSize; i++) {
            double score = Math.round(random.nextDouble() * 1e4) / 1e4;
            String detail = reason.equals("trending") ? String.format("%d orders in the last 7 days, %.1f a week before", 3 + random.nextInt(40), random.nextDouble() * 10)
                    : String.format("%.0f%% of the %.1f retailers stocking it also stock this (time-decayed)", 100 * score, 2 + random.nextDouble() * 50);
            items.add(new FeedItem(1L + random.nextInt(PRODUCTS), 1L + random.nextInt(CATEGORIES), reason.equals("trending") ? 1 + 20 * score : score, reason, detail));
        }
        items.sort(java.util.Comparator.comparingDouble(FeedItem::getScore).reversed());
        return bytes(ProductList.newBuilder().setSubject(subject).setKey(key).setItems(items).setAsOfMs(T0 + 365 * DAY)
                .setSupport(reason.equals("trending") ? 0 : 2 + random.nextInt(500) / 10.0).setComputedAtMs(T0).build());
    }

    private static byte[] bytes(org.apache.avro.specific.SpecificRecordBase record) {
        try {
            ByteBuffer b = record instanceof RetailerProfile p ? p.toByteBuffer() : ((ProductList) record).toByteBuffer();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
