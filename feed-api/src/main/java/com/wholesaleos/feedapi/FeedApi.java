package com.wholesaleos.feedapi;

import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.feedapi.http.FeedServer;
import com.wholesaleos.feedapi.keys.ApiKeys;
import com.wholesaleos.feedapi.store.FeedLists;
import com.wholesaleos.feedapi.store.FeedStore;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage feed-api: the storefront's HTTP door to the recommendations. Its store is rebuilt from the compacted topics at
 * start and followed while it runs; /health answers 200 once it has loaded them (the launcher's readiness check).
 */
public final class FeedApi {
    private static final Logger LOG = LoggerFactory.getLogger(FeedApi.class);

    private FeedApi() {}

    /** Starts store, key refresh and server; closes them in reverse order. */
    public static AutoCloseable start(WosConfig config) throws Exception {
        ApiKeys keys = new ApiKeys(MarketplaceDatabase.from(config));
        keys.refresh(); // fail fast on a database that cannot be read
        FeedStore store = new FeedStore(config.kafkaBootstrap(), FeedLists.settings(config)).start();
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "feed-api-keys");
            t.setDaemon(true);
            return t;
        });
        long every = config.get(WosSettings.FEED_KEY_REFRESH_MS);
        refresher.scheduleWithFixedDelay(() -> {
            try {
                keys.refresh();
            } catch (Exception e) {
                LOG.warn("cannot re-read the API keys (keeping the last ones): {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        int port = config.get(WosStages.FEED_API.restPort().orElseThrow());
        FeedServer server = new FeedServer(store.lists(), store::health, config.get(WosSettings.FEED_MAX_LAG_RECORDS),
                config.get(WosSettings.FEED_MAX_STALENESS_MS), keys, config.get(WosSettings.RECO_FEED_SIZE)).start(config.get(WosSettings.FEED_BIND_ADDRESS), port);
        LOG.info("Feed API listening on {}:{}", config.get(WosSettings.FEED_BIND_ADDRESS), server.port());
        return () -> {
            server.close();
            refresher.shutdownNow();
            store.close();
        };
    }

    /** Entry point of the feed-api JVM: {@code --config <resolved.properties>}. */
    public static void main(String[] args) throws Exception {
        WosConfig config = StageLaunch.configuration(args, "FeedApi");
        AutoCloseable api = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                api.close();
            } catch (Exception e) {
                LOG.warn("stopping: {}", e.toString());
            }
            stopped.countDown();
        }, "feed-api-stop"));
        stopped.await();
    }
}
