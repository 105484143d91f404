package com.wholesaleos.schemas;

import com.wholesaleos.schemas.dlq.DeadLetter;
import com.wholesaleos.schemas.dlq.DeadLetterReplay;
import com.wholesaleos.schemas.fraud.FraudAlert;
import com.wholesaleos.schemas.fraud.FraudRuleUpdate;
import com.wholesaleos.schemas.gmv.GmvDayTotal;
import com.wholesaleos.schemas.gmv.GmvMinute;
import com.wholesaleos.schemas.reco.ProductList;
import com.wholesaleos.schemas.reco.CatalogStatus;
import com.wholesaleos.schemas.reco.RetailerProfile;
import org.apache.avro.Schema;

/** Topics the platform's own stages write, besides the change topics. */
public enum PlatformTopic {
    /** Upserts, the latest value per window; compacted. */
    GMV_MINUTE("wos.gmv.minute", GmvMinute.getClassSchema(), true,
            "UTF-8 '<window start ms>|<region id>|<category id>|<segment>|<currency>'"),
    /** Upserts, the latest value per day; compacted. */
    GMV_DAY("wos.gmv.day", GmvDayTotal.getClassSchema(), true, "UTF-8 '<yyyy-mm-dd>|<currency>'"),
    /**
     * Per day, what the live GMV job received dated before its live horizon (backdated history the warehouse counts):
     * upserts of the running total per day; compacted.
     */
    GMV_HISTORY("wos.gmv.history", GmvDayTotal.getClassSchema(), true, "UTF-8 '<yyyy-mm-dd>|<currency>'"),
    /** Records a stage could not process, with the reason. Never compacted, kept forever. */
    DEAD_LETTER("wos.dlq", DeadLetter.getClassSchema(), false, "UTF-8 source position (ingestion) or window/order key (jobs); informative only"),
    /** Fraud alerts, the latest version of each (one per rule and entity); compacted. */
    FRAUD_ALERTS("wos.fraud.alerts", FraudAlert.getClassSchema(), true, "UTF-8 '<rule>|<entity type>|<entity id>'"),
    /** Fraud rule versions, every one kept (the history of what ran when); read by the fraud job while it runs. */
    FRAUD_RULES("wos.fraud.rules", FraudRuleUpdate.getClassSchema(), false, "UTF-8 '<rule>'"),
    /**
     * Each retailer's profile (its recent purchases), the latest version; compacted. The Feed API blends feeds from it
     * at request time (it replaced wos.reco.feeds, whose feeds the job had to recompute whenever any list changed).
     */
    RECO_PROFILES("wos.reco.profiles", RetailerProfile.getClassSchema(), true, "UTF-8 '<retailer id>'"),
    /** Each product's and manufacturer's status, the latest; compacted (the Feed API leaves unavailable products out). */
    RECO_CATALOG("wos.reco.catalog", CatalogStatus.getClassSchema(), true, "UTF-8 'product:<id>' or 'manufacturer:<id>'"),
    /** Per product, the products most often stocked with it; compacted. */
    RECO_ALSO_BOUGHT("wos.reco.also-bought", ProductList.getClassSchema(), true, "UTF-8 '<product id>'"),
    /** Per category and region, the products trending there; compacted. */
    RECO_TRENDING("wos.reco.trending", ProductList.getClassSchema(), true, "UTF-8 '<category id>|<region id>'"),
    /** What became of each replayed dead letter; compacted. */
    DEAD_LETTER_REPLAYS("wos.dlq.replays", DeadLetterReplay.getClassSchema(), true, "UTF-8 '<partition>-<offset>' of the dead letter on wos.dlq");

    private final String topic;
    private final Schema valueSchema;
    private final boolean compacted;

    private final String keyFormat;

    PlatformTopic(String topic, Schema valueSchema, boolean compacted, String keyFormat) {
        this.topic = topic;
        this.valueSchema = valueSchema;
        this.compacted = compacted;
        this.keyFormat = keyFormat;
    }

    public String keyFormat() { return keyFormat; }

    /** Topic configuration: compacted upserts, or kept forever (nothing on a platform topic may expire unseen). */
    public java.util.Map<String, String> configs() {
        return compacted ? java.util.Map.of("cleanup.policy", "compact", "retention.ms", "-1") : java.util.Map.of("retention.ms", "-1");
    }

    public String topic() { return topic; }
    public Schema valueSchema() { return valueSchema; }
    public boolean compacted() { return compacted; }
}
