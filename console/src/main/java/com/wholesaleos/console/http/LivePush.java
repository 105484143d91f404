package com.wholesaleos.console.http;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a figure to every browser watching it (server-sent events) whenever it changes: checked every interval, sent
 * once per change, and sent at once to a browser that connects. A failing check is logged and retried, never fatal.
 */
final class LivePush implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LivePush.class);
    private final String event;
    private final Supplier<Object> figure;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private volatile String last;

    LivePush(String event, Supplier<Object> figure, long intervalMs) {
        this.event = event;
        this.figure = figure;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "push-" + event);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Registers a browser: it gets the current figure now and every change after. */
    Consumer<SseClient> client() {
        return client -> {
            client.keepAlive();
            client.onClose(() -> clients.remove(client));
            clients.add(client);
            String now = render();
            if (now != null) {
                client.sendEvent(event, now);
                if (last == null) last = now; // not sent again by the next check unless it changes
            }
        };
    }

    private String render() {
        try {
            return ConsoleServer.JSON.writeValueAsString(figure.get());
        } catch (Exception e) {
            LOG.warn("cannot read {} to push: {}", event, e.toString());
            return null;
        }
    }

    private void check() {
        if (clients.isEmpty()) {
            last = null; // the next browser gets the figure on connecting, and a change after that
            return;
        }
        String now = render();
        if (now == null || now.equals(last)) return;
        last = now;
        for (SseClient c : clients) {
            try {
                c.sendEvent(event, now);
            } catch (RuntimeException e) {
                clients.remove(c);
            }
        }
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
