package com.wholesaleos.console;

import com.wholesaleos.config.StageLaunch;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import com.wholesaleos.console.access.ConsoleUsers;
import com.wholesaleos.console.http.ConsoleServer;
import com.wholesaleos.console.http.HealthRoutes;
import com.wholesaleos.console.http.LeadershipRoutes;
import com.wholesaleos.console.http.RiskRoutes;
import com.wholesaleos.console.leadership.LiveGmvBoard;
import com.wholesaleos.console.leadership.WarehouseFigures;
import com.wholesaleos.console.risk.EvidenceRecords;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.risk.RiskActions;
import com.wholesaleos.riskdesk.AlertStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage console: the web console. Serves at once (sign-in, risk, health); live GMV joins when its topics can be read,
 * the warehouse figures whenever Trino answers. /ready answers 200 once the server listens (the launcher's readiness).
 */
public final class WebConsole {
    private static final Logger LOG = LoggerFactory.getLogger(WebConsole.class);

    private WebConsole() {}

    public static AutoCloseable start(WosConfig config) throws Exception {
        MarketplaceDatabase database = MarketplaceDatabase.from(config);
        ConsoleUsers users = users(config);
        if (users.count() == 0) {
            LOG.warn("No console users yet: create the first admin with ./wos users add NAME --role admin (the password is asked for)");
        }
        AtomicReference<LiveGmvBoard> board = new AtomicReference<>();
        Thread connect = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    board.set(new LiveGmvBoard(config.kafkaBootstrap(), database, Duration.ofDays(config.get(WosSettings.CONSOLE_LIVE_DAYS))));
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("live GMV not readable yet ({}); retrying", e.toString());
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }, "console-live-gmv");
        connect.setDaemon(true);
        connect.start();
        long push = config.get(WosSettings.CONSOLE_PUSH_INTERVAL_MS);
        LeadershipRoutes leadership = new LeadershipRoutes(() -> Optional.ofNullable(board.get()), new WarehouseFigures(config), push);
        RiskRoutes risk = new RiskRoutes(new AlertStore(database), new RiskActions(database), new EvidenceRecords(database), push);
        ConsoleServer server = new ConsoleServer(users, List.of(leadership, risk, new HealthRoutes(config))).start(new ConsoleServer.Options(
                config.get(WosSettings.CONSOLE_BIND_ADDRESS), config.get(WosStages.CONSOLE.restPort().orElseThrow()),
                config.get(WosSettings.CONSOLE_SECURE_COOKIES), Duration.ofMillis(config.get(WosSettings.CONSOLE_SESSION_IDLE_MS))));
        LOG.info("Web console on http://{}:{}/", config.get(WosSettings.CONSOLE_BIND_ADDRESS), server.port());
        return () -> {
            server.close();
            leadership.close();
            risk.close();
            connect.interrupt();
            LiveGmvBoard b = board.get();
            if (b != null) b.close();
        };
    }

    /** The console's accounts with the lockout the settings give. */
    public static ConsoleUsers users(WosConfig config) {
        return new ConsoleUsers(MarketplaceDatabase.from(config), config.get(WosSettings.CONSOLE_MAX_FAILED_SIGN_INS),
                Duration.ofMillis(config.get(WosSettings.CONSOLE_LOCKOUT_MS)));
    }

    /** Entry point of the console JVM: {@code --config <resolved.properties>}. */
    public static void main(String[] args) throws Exception {
        WosConfig config = StageLaunch.configuration(args, "WebConsole");
        AutoCloseable console = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                console.close();
            } catch (Exception e) {
                LOG.warn("stopping: {}", e.toString());
            }
            stopped.countDown();
        }, "console-stop"));
        stopped.await();
    }
}
