package com.wholesaleos.orchestration;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.orchestration.dag.Dag;
import com.wholesaleos.orchestration.dag.WarehouseDags;
import com.wholesaleos.orchestration.run.DagRun;
import com.wholesaleos.orchestration.run.RunHistory;
import com.wholesaleos.orchestration.schedule.CronSchedule;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scheduler coming back after an outage, on a real PostgreSQL: the newest missed intervals queued, older ones collapsed. */
class CatchUpTest {
    private static EmbeddedPostgres postgres;
    private static RunHistory history;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        new MarketplaceDatabase(url, "postgres", "postgres").migrate();
        history = new RunHistory(url, "postgres", "postgres");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void anOutageOfTenHoursQueuesTheNewestThreeIntervalsAndSaysTheRestWereCollapsed() throws Exception {
        WosConfig config = WosConfig.defaults().with(Map.of("scheduler.max-catchup-runs", "3"));
        List<Dag> dags = WarehouseDags.all(config);
        Dag hourly = dags.get(0);
        CronSchedule schedule = new CronSchedule(hourly.schedule());
        // The last scheduled run before the outage ended ten intervals ago.
        Instant lastEnd = schedule.latestComplete(Instant.now()).end().minus(Duration.ofHours(10));
        history.create(hourly, DagRun.RunType.SCHEDULED, schedule.intervalEndingAt(lastEnd), null).orElseThrow();

        WarehouseScheduler.catchUp(config, history, dags);

        List<DagRun> runs = history.recent(Optional.of(hourly.dagId()), 10);
        assertEquals(4, runs.size(), "the old run and three catch-up runs: " + runs);
        List<Instant> ends = runs.subList(0, 3).stream().map(r -> r.interval().end()).toList();
        Instant newest = schedule.latestComplete(Instant.now()).end();
        assertEquals(List.of(newest, newest.minus(Duration.ofHours(1)), newest.minus(Duration.ofHours(2))), ends);
        assertTrue(runs.get(0).note().contains("7 older missed interval(s) collapsed"), runs.get(0).note());
        assertTrue(history.recent(Optional.of(WarehouseDags.MAINTENANCE), 10).isEmpty(), "maintenance does not catch up");

        WarehouseScheduler.catchUp(config, history, dags);
        assertEquals(4, history.recent(Optional.of(hourly.dagId()), 10).size(), "a second start queues nothing more");
    }
}
