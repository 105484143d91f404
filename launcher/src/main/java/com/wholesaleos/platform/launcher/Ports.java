package com.wholesaleos.platform.launcher;

import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.Setting;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.WosStages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ports a platform listens on: 0 picks a free one at start; a configured one that is taken fails fast naming its key. */
public final class Ports {
    private Ports() {}

    /**
     * Picks free ports for every port configured as 0, so tests, demos and a second platform never collide. Each is
     * held open until all are picked: the OS may hand the same free port out twice in a row otherwise, and two of the
     * platform's listeners (PostgreSQL and Kafka, say) would then race for it.
     */
    public static WosConfig resolve(WosConfig config) throws IOException {
        Map<String, String> chosen = new LinkedHashMap<>();
        java.util.List<ServerSocket> held = new java.util.ArrayList<>();
        try {
            for (Setting<Integer> port : portSettings()) {
                if (config.get(port) == 0) chosen.put(port.key(), String.valueOf(hold(held)));
            }
            String bootstrap = config.kafkaBootstrap();
            if (bootstrap.endsWith(":0")) chosen.put(WosSettings.KAFKA_BOOTSTRAP.key(), bootstrap.substring(0, bootstrap.length() - 1) + hold(held));
        } finally {
            for (ServerSocket s : held) s.close();
        }
        return chosen.isEmpty() ? config : config.with(chosen);
    }

    private static int hold(java.util.List<ServerSocket> held) throws IOException {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        return s.getLocalPort();
    }

    private static java.util.List<Setting<Integer>> portSettings() {
        java.util.List<Setting<Integer>> out = new java.util.ArrayList<>(java.util.List.of(WosSettings.POSTGRES_PORT, WosSettings.KAFKA_CONTROLLER_PORT));
        WosStages.ALL.forEach(s -> s.restPort().ifPresent(out::add));
        return out;
    }

    public static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Fails naming the port and its configuration key when something already listens there. */
    public static void requireFree(String host, int port, String key) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new ConfigException("Port " + port + " (configuration key '" + key + "') is already in use on " + host
                    + ": another platform or program listens there. Choose another with --set " + key + "=<port>, or 0 for any free port"
                    + " (a second platform also needs its own --data-dir).");
        }
    }
}
