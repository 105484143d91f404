package com.wholesaleos.streaming.recommend.job;

import com.wholesaleos.streaming.sink.AvroValue;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.reco.FeedItem;
import com.wholesaleos.schemas.reco.ProductList;
import com.wholesaleos.schemas.reco.RetailerFeed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Feeds to the RetailerFeed contract on wos.reco.feeds, also-bought and trending lists to ProductList, keyed by subject id. */
public final class RankedListSerializer implements KafkaRecordSerializationSchema<RankedList> {
    @Override
    public ProducerRecord<byte[], byte[]> serialize(RankedList l, KafkaSinkContext context, Long timestamp) {
        List<FeedItem> items = l.items.stream().map(RankedListSerializer::item).toList();
        long now = System.currentTimeMillis();
        try {
            java.nio.ByteBuffer value;
            String topic;
            if (RankedList.RETAILER.equals(l.subject)) {
                topic = PlatformTopic.RECO_FEEDS.topic();
                value = RetailerFeed.newBuilder().setRetailerId(Long.parseLong(l.key)).setRegionId(l.regionId).setItems(items).setAsOfMs(l.asOfMs)
                        .setComputedAtMs(now).setSourceCommitMs(l.commitMs).build().toByteBuffer();
            } else {
                topic = RankedList.PRODUCT.equals(l.subject) ? PlatformTopic.RECO_ALSO_BOUGHT.topic() : PlatformTopic.RECO_TRENDING.topic();
                value = ProductList.newBuilder().setSubject(l.subject).setKey(l.key).setItems(items).setAsOfMs(l.asOfMs).setComputedAtMs(now).build()
                        .toByteBuffer();
            }
            return new ProducerRecord<>(topic, l.key.getBytes(StandardCharsets.UTF_8), AvroValue.bytes(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static FeedItem item(RankedItem i) {
        return new FeedItem(i.productId, i.categoryId, i.score, i.reason, i.detail);
    }
}
