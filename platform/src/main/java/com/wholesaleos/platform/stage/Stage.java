package com.wholesaleos.platform.stage;

import com.wholesaleos.config.Setting;
import com.wholesaleos.config.WosSettings;

/** A stage of the data path that runs in its own JVM, from its own module's classpath, as it would in production. */
public enum Stage {
    INGESTION("ingestion", "com.wholesaleos.ingestion.ChangeCaptureService", WosSettings.INGESTION_HEAP),
    LIVE_GMV("streaming-jobs", "com.wholesaleos.streaming.gmv.LiveGmvJob", WosSettings.STREAMING_HEAP);

    public final String module;
    public final String mainClass;
    public final Setting<String> heap;

    Stage(String module, String mainClass, Setting<String> heap) {
        this.module = module;
        this.mainClass = mainClass;
        this.heap = heap;
    }

    public String displayName() { return name().toLowerCase().replace('_', '-'); }
}
