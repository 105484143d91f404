package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.streaming.sink.AvroValue;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.reco.FeedItem;
import com.wholesaleos.schemas.reco.ProductList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Also-bought and trending lists to the ProductList contract on their topics, keyed by subject id. */
public final class RankedListSerializer implements KafkaRecordSerializationSchema<RankedList> {
    @Override
    public ProducerRecord<byte[], byte[]> serialize(RankedList l, KafkaSinkContext context, Long timestamp) {
        List<FeedItem> items = l.items.stream().map(RankedListSerializer::item).toList();
        long now = System.currentTimeMillis();
        try {
            String topic = RankedList.PRODUCT.equals(l.subject) ? PlatformTopic.RECO_ALSO_BOUGHT.topic() : PlatformTopic.RECO_TRENDING.topic();
            java.nio.ByteBuffer value = ProductList.newBuilder().setSubject(l.subject).setKey(l.key).setItems(items).setAsOfMs(l.asOfMs).setSupport(l.support).setComputedAtMs(now)
                    .build().toByteBuffer();
            return new ProducerRecord<>(topic, l.key.getBytes(StandardCharsets.UTF_8), AvroValue.bytes(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static FeedItem item(RankedItem i) {
        return new FeedItem(i.productId, i.categoryId, i.score, i.reason, i.detail);
    }
}
