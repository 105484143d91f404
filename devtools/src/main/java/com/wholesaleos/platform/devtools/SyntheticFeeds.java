package com.wholesaleos.platform.devtools;

import com.wholesaleos.schemas.reco.FeedItem;
import com.wholesaleos.schemas.reco.RetailerFeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Retailer feeds at a size no simulation here reaches (Phase 4's 100,000 retailers each with a feed), encoded as the
 * recommendations job writes them to wos.reco.feeds. Items carry the reasons and details the job writes (reorder,
 * also-bought, trending), so the bytes are those of real feeds; the products and scores are random.
 */
final class SyntheticFeeds {
    private static final String[] REASONS = {"reorder", "also_bought", "trending"};

    private final Random random;
    private final int items;

    SyntheticFeeds(long seed, int items) {
        this.random = new Random(seed);
        this.items = items;
    }

    /** The record value (Avro single-object encoding) of one retailer's feed. */
    byte[] feed(long retailerId) {
        List<FeedItem> list = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            long product = 1 + random.nextInt(500_000);
            String reason = REASONS[random.nextInt(REASONS.length)];
            list.add(new FeedItem(product, 1L + random.nextInt(200), Math.round(random.nextDouble() * 1e6) / 1e6, reason,
                    reason.equals("reorder") ? "due in " + random.nextInt(30) + " days" : reason.equals("also_bought") ? "with " + product / 3 : "rising in region"));
        }
        try {
            ByteBuffer b = RetailerFeed.newBuilder().setRetailerId(retailerId).setRegionId(1 + retailerId % 40).setItems(list)
                    .setAsOfMs(1_700_000_000_000L).setComputedAtMs(1_700_000_000_000L).setSourceCommitMs(1_700_000_000_000L).build().toByteBuffer();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
