package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.recommend.PurchaseHistory;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.reco.ProfileProduct;
import com.wholesaleos.schemas.reco.RetailerProfile;
import com.wholesaleos.streaming.sink.AvroValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A retailer's history to the RetailerProfile contract on wos.reco.profiles, keyed by retailer id; products in id order. */
public final class ProfileSerializer implements KafkaRecordSerializationSchema<ShopperProfile> {
    @Override
    public ProducerRecord<byte[], byte[]> serialize(ShopperProfile p, KafkaSinkContext context, Long timestamp) {
        try {
            byte[] value = AvroValue.bytes(profile(p, System.currentTimeMillis()).toByteBuffer());
            return new ProducerRecord<>(PlatformTopic.RECO_PROFILES.topic(), Long.toString(p.retailerId).getBytes(StandardCharsets.UTF_8), value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static RetailerProfile profile(ShopperProfile p, long nowMs) {
        PurchaseHistory h = p.history;
        List<ProfileProduct> products = new ArrayList<>();
        for (Map.Entry<Long, ArrayList<Long>> e : new TreeMap<>(h.times).entrySet()) {
            List<Long> times = new ArrayList<>(e.getValue());
            times.sort(null);
            products.add(new ProfileProduct(e.getKey(), h.categories.getOrDefault(e.getKey(), 0L), times));
        }
        List<Long> orders = new ArrayList<>(h.orderTimes);
        orders.sort(null);
        return RetailerProfile.newBuilder().setRetailerId(p.retailerId).setRegionId(h.regionId).setSuspended(h.suspended).setOrderTimesMs(orders)
                .setProducts(products).setAsOfMs(p.atMs).setComputedAtMs(nowMs).setSourceCommitMs(p.commitMs).build();
    }
}
