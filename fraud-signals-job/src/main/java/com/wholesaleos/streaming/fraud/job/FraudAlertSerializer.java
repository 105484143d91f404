package com.wholesaleos.streaming.fraud.job;

import com.wholesaleos.streaming.sink.AvroValue;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.fraud.Evidence;
import com.wholesaleos.schemas.fraud.FraudAlert;
import com.wholesaleos.streaming.fraud.FraudSignal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Alerts to the FraudAlert contract on wos.fraud.alerts, keyed by alert id (compacted: the latest version of each). */
public final class FraudAlertSerializer implements KafkaRecordSerializationSchema<RaisedSignal> {
    @Override
    public ProducerRecord<byte[], byte[]> serialize(RaisedSignal raised, KafkaSinkContext context, Long timestamp) {
        FraudSignal s = raised.signal();
        FraudAlert alert = FraudAlert.newBuilder()
                .setAlertId(s.alertId())
                .setRule(s.rule())
                .setRuleVersion(s.ruleVersion())
                .setSeverity(s.severity().name().toLowerCase(Locale.ROOT))
                .setScore(s.score())
                .setEntityType(s.entityType())
                .setEntityId(s.entityId())
                .setEvidence(s.evidence().stream().map(e -> new Evidence(e.kind(), e.id(), e.detail())).toList())
                .setEventTimeMs(s.eventTimeMs())
                .setDetectedAtMs(System.currentTimeMillis())
                .setSourceCommitMs(raised.commitMs())
                .build();
        try {
            return new ProducerRecord<>(PlatformTopic.FRAUD_ALERTS.topic(), s.alertId().getBytes(StandardCharsets.UTF_8),
                    AvroValue.bytes(alert.toByteBuffer()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
