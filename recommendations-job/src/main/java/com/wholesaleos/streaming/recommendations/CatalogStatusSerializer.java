package com.wholesaleos.streaming.recommendations;

import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.reco.CatalogStatus;
import com.wholesaleos.streaming.sink.AvroValue;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A product's or manufacturer's status to the CatalogStatus contract on wos.reco.catalog, keyed 'product:<id>' or 'manufacturer:<id>'. */
public final class CatalogStatusSerializer implements KafkaRecordSerializationSchema<ShopperFact> {
    @Override
    public ProducerRecord<byte[], byte[]> serialize(ShopperFact f, KafkaSinkContext context, Long timestamp) {
        CatalogStatus s = status(f);
        try {
            return new ProducerRecord<>(PlatformTopic.RECO_CATALOG.topic(), (s.getSubject() + ":" + s.getId()).getBytes(StandardCharsets.UTF_8),
                    AvroValue.bytes(s.toByteBuffer()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static CatalogStatus status(ShopperFact f) {
        boolean product = ShopperFact.PRODUCT.equals(f.kind);
        return new CatalogStatus(product ? "product" : "manufacturer", product ? f.productId : f.manufacturerId, f.manufacturerId, f.status, f.atMs);
    }
}
