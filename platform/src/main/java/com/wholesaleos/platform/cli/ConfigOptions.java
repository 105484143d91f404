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

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (key wos.data-dir, default .wos-data).")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key, e.g. --set gmv.parallelism=2.")
    Map<String, String> set = new LinkedHashMap<>();

    WosConfig load() { return load(Map.of()); }

    WosConfig load(Map<String, String> extra) {
        Path f = file;
        if (f == null && System.getenv("WOS_CONFIG") != null) f = Path.of(System.getenv("WOS_CONFIG"));
        Map<String, String> overrides = new LinkedHashMap<>(set);
        if (dataDir != null) overrides.put(WosSettings.DATA_DIR.key(), dataDir.toString());
        overrides.putAll(extra);
        return WosConfig.load(f, overrides);
    }
}
