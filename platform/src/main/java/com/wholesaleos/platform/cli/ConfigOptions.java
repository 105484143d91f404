package com.wholesaleos.platform.cli;

import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.WosSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command shares: where the configuration comes from. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file overriding the embedded defaults (also: $WOS_CONFIG). Environment variables WOS_<KEY> override the file.")
    Path file;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (key data-dir, env WOS_DATA_DIR, default .wos-data).")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key, e.g. --set gmv.parallelism=2.")
    Map<String, String> set = new LinkedHashMap<>();

    WosConfig load() { return load(Map.of()); }

    /**
     * For commands that talk to a running platform (gmv, simulate, status, reconcile, dlq): the configuration that
     * platform resolved at start (ports chosen then included), from its data directory, with --set on top.
     */
    WosConfig client() {
        WosConfig requested = load();
        return WosConfig.ofRunningPlatform(requested.dataDir(), set).orElse(requested);
    }

    WosConfig load(Map<String, String> extra) {
        Path f = file;
        if (f == null && System.getenv("WOS_CONFIG") != null) f = Path.of(System.getenv("WOS_CONFIG"));
        Map<String, String> overrides = new LinkedHashMap<>(set);
        if (dataDir != null) overrides.put(WosSettings.DATA_DIR.key(), dataDir.toString());
        overrides.putAll(extra);
        return WosConfig.load(f, overrides);
    }
}
