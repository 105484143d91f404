package com.wholesaleos.marketplace.history;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The generated marketplace in memory: who exists, since when, and what each retailer tends to buy. Entities are kept
 * in creation order, so "what exists at time t" is a prefix found by binary search ({@link TimedIndex}).
 */
final class MarketplaceNetwork {

    static final class Manufacturer {
        long id;
        final int number;
        final int region;
        final long createdMs;
        final String payoutInstrument;
        final String device;
        /** Negotiated commission, or null for its category's. */
        final BigDecimal commissionRate;

        Manufacturer(int number, int region, long createdMs, String payoutInstrument, String device, BigDecimal commissionRate) {
            this.number = number;
            this.region = region;
            this.createdMs = createdMs;
            this.payoutInstrument = payoutInstrument;
            this.device = device;
            this.commissionRate = commissionRate;
        }
    }

    static final class Product {
        long id;
        final Manufacturer manufacturer;
        /** Position of the product within its manufacturer's catalog (its SKU suffix). */
        final int position;
        final int category;
        final BigDecimal unitPrice;
        final int moq;
        final long createdMs;

        Product(Manufacturer manufacturer, int position, int category, BigDecimal unitPrice, int moq, long createdMs) {
            this.manufacturer = manufacturer;
            this.position = position;
            this.category = category;
            this.unitPrice = unitPrice;
            this.moq = moq;
            this.createdMs = createdMs;
        }
    }

    static final class Retailer {
        /** How many products a retailer remembers as its usual purchases ("buy again"). */
        static final int USUAL_PRODUCTS = 6;

        long id;
        final int index;
        final int number;
        final int segment;
        final int region;
        final long signupMs;
        /** When it first orders, or -1 if it never does. */
        final long firstOrderMs;
        final int[] favouriteCategories;
        final String phone;
        final String address;
        final String device;
        /** Index of the retailer who referred it, or -1. */
        final int referrer;
        /** A referral that never led to an order is rejected (rather than left pending) when this holds. */
        final boolean referralRejectedWithoutOrder;
        int firstOrderStep = -1;
        long firstDeliveredMs = -1;
        private final int[] usual = new int[USUAL_PRODUCTS];
        private int usualCount;
        private int usualNext;

        Retailer(int index, int number, int segment, int region, long signupMs, long firstOrderMs, int[] favouriteCategories,
                 String phone, String address, String device, int referrer, boolean referralRejectedWithoutOrder) {
            this.index = index;
            this.number = number;
            this.segment = segment;
            this.region = region;
            this.signupMs = signupMs;
            this.firstOrderMs = firstOrderMs;
            this.favouriteCategories = favouriteCategories;
            this.phone = phone;
            this.address = address;
            this.device = device;
            this.referrer = referrer;
            this.referralRejectedWithoutOrder = referralRejectedWithoutOrder;
        }

        String segmentName() {
            return RetailerEngagement.SEGMENTS[segment];
        }

        int usualCount() {
            return usualCount;
        }

        int usualProduct(int i) {
            return usual[i];
        }

        /** Remembers a purchase; the oldest usual product makes way. */
        void bought(int product) {
            for (int i = 0; i < usualCount; i++) if (usual[i] == product) return;
            usual[usualNext] = product;
            usualNext = (usualNext + 1) % USUAL_PRODUCTS;
            usualCount = Math.min(USUAL_PRODUCTS, usualCount + 1);
        }
    }

    static final class Distributor {
        long id;
        final int number;
        final long createdMs;
        final int[] regions;

        Distributor(int number, long createdMs, int[] regions) {
            this.number = number;
            this.createdMs = createdMs;
            this.regions = regions;
        }
    }

    /** Items appended in time order; how many existed at a time is a binary search. */
    static final class TimedIndex {
        private long[] times = new long[64];
        private int[] items = new int[64];
        private int size;

        void add(long atMs, int item) {
            if (size > 0 && atMs < times[size - 1]) throw new IllegalArgumentException("out of time order");
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                items = Arrays.copyOf(items, size * 2);
            }
            times[size] = atMs;
            items[size++] = item;
        }

        /** How many items existed at {@code atMs} (created at or before it). */
        int countAt(long atMs) {
            int low = 0;
            int high = size;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (times[mid] <= atMs) low = mid + 1; else high = mid;
            }
            return low;
        }

        int item(int i) {
            return items[i];
        }
    }

    final List<Long> regionIds;
    final List<Long> categoryIds;
    final List<Manufacturer> manufacturers = new ArrayList<>();
    final List<Product> products = new ArrayList<>();
    final List<Retailer> retailers = new ArrayList<>();
    final List<Distributor> distributors = new ArrayList<>();
    final TimedIndex productsByTime = new TimedIndex();
    final TimedIndex[] productsByCategory;
    final TimedIndex[] distributorsByRegion;

    MarketplaceNetwork(List<Long> regionIds, List<Long> categoryIds) {
        this.regionIds = List.copyOf(regionIds);
        this.categoryIds = List.copyOf(categoryIds);
        productsByCategory = new TimedIndex[categoryIds.size()];
        for (int c = 0; c < productsByCategory.length; c++) productsByCategory[c] = new TimedIndex();
        distributorsByRegion = new TimedIndex[regionIds.size()];
        for (int r = 0; r < distributorsByRegion.length; r++) distributorsByRegion[r] = new TimedIndex();
    }

    /** Products must arrive in creation order. */
    void add(Product product) {
        int index = products.size();
        products.add(product);
        productsByTime.add(product.createdMs, index);
        productsByCategory[product.category].add(product.createdMs, index);
    }

    /** Distributors must arrive in creation order. */
    void add(Distributor distributor) {
        int index = distributors.size();
        distributors.add(distributor);
        for (int region : distributor.regions) distributorsByRegion[region].add(distributor.createdMs, index);
    }
}
