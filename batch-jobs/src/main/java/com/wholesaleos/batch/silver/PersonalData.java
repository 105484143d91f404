package com.wholesaleos.batch.silver;

import com.wholesaleos.schemas.ChangeTopic;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;

/**
 * Which columns hold personal data: the fields a contract documents as "personal data" (phones, addresses, device
 * ids). Silver replaces them with salted SHA-256 hashes, so joins on them still work and nothing downstream of
 * silver (gold, Trino, dashboards) can read them.
 */
public final class PersonalData {
    private PersonalData() {}

    public static List<String> columns(ChangeTopic topic) {
        return topic.rowSchema().getFields().stream()
                .filter(f -> f.doc() != null && f.doc().toLowerCase(Locale.ROOT).contains("personal data"))
                .map(Schema.Field::name)
                .toList();
    }
}
