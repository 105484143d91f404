package com.wholesaleos.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Schemas of released contract versions. Values on Kafka use Avro single-object encoding, which carries
 * the writer schema's fingerprint; readers resolve records written with any released version through
 * {@link #store()}, so a backward-compatible change never strands data already on a topic.
 */
public final class ReleasedSchemas {
    /** Every released version, oldest first; a directory under avro-released/ holds the files that release changed. */
    public static final List<String> VERSIONS = List.of("v1", "v2", "v3", "v4", "v5", "v6", "v7");

    private static final String[] FILES = {
        "common/Operation.avsc", "common/SourcePosition.avsc",
        "cdc/RegionChange.avsc", "cdc/CategoryChange.avsc", "cdc/ManufacturerChange.avsc", "cdc/RetailerChange.avsc",
        "cdc/DistributorChange.avsc", "cdc/DistributorRegionChange.avsc", "cdc/ProductChange.avsc", "cdc/OrderChange.avsc",
        "cdc/OrderItemChange.avsc", "cdc/OrderStatusChangeChange.avsc", "cdc/PaymentChange.avsc", "cdc/RefundChange.avsc",
        "cdc/ShipmentChange.avsc", "cdc/ReferralChange.avsc", "cdc/ReviewChange.avsc",
        "gmv/GmvMinute.avsc", "gmv/GmvDayTotal.avsc", "dlq/DeadLetter.avsc", "dlq/DeadLetterReplay.avsc", "dlq/LateGmvEntry.avsc", "fraud/FraudAlert.avsc", "fraud/FraudRuleUpdate.avsc",
        "reco/FeedItem.avsc", "reco/RetailerFeed.avsc", "reco/ProductList.avsc", "reco/RetailerProfile.avsc", "reco/CatalogStatus.avsc"};

    private ReleasedSchemas() {}

    /**
     * The top-level schemas of one released version (named types resolve in file order). A version's directory holds
     * only the files it changed; every other file is taken from the newest earlier version that has it.
     */
    public static List<Schema> version(String version) {
        int upTo = VERSIONS.indexOf(version);
        if (upTo < 0) throw new IllegalArgumentException("unknown released version " + version);
        Schema.Parser parser = new Schema.Parser();
        List<Schema> schemas = new ArrayList<>();
        for (String f : FILES) {
            for (int v = upTo; v >= 0; v--) {
                String path = "/avro-released/" + VERSIONS.get(v) + "/" + f;
                try (InputStream in = ReleasedSchemas.class.getResourceAsStream(path)) {
                    if (in == null) continue; // not changed in this version, or added later
                    schemas.add(parser.parse(in));
                    break;
                } catch (IOException e) {
                    throw new UncheckedIOException(path, e);
                }
            }
        }
        return schemas;
    }

    /** A schema store holding every released writer schema, for single-object decoders. */
    public static SchemaStore store() {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        for (String v : VERSIONS) version(v).forEach(cache::addSchema);
        return cache;
    }
}
