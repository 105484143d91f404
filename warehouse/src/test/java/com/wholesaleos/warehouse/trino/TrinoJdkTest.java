package com.wholesaleos.warehouse.trino;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.ConfigException;
import com.wholesaleos.config.WosConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which JDK Trino gets: the newest 25+ found, never a 17; with none, one message naming what to install and the key. */
class TrinoJdkTest {
    @TempDir
    Path dir;

    private Path jdk(String name, String version) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.createFile(home.resolve("bin/java"));
        java.toFile().setExecutable(true);
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    @Test
    void takesTheNewestJdkOf25OrLaterUnderTheJvmDirectory() throws Exception {
        Path root = Files.createDirectories(dir.resolve("jvm"));
        jdk("jvm/java-17", "17.0.15");
        jdk("jvm/temurin-25", "25.0.3");
        jdk("jvm/temurin-26", "26");
        assertEquals(root.resolve("temurin-26/bin/java"), TrinoJdk.locate(WosConfig.defaults(), Map.of(), root));
    }

    @Test
    void aConfiguredJavaHomeWinsAndMustBe25OrLater() throws Exception {
        Path jdk25 = jdk("jdk25", "25.0.1");
        Path jdk17 = jdk("jdk17", "17.0.15");
        Path root = Files.createDirectories(dir.resolve("empty"));
        assertEquals(jdk25.resolve("bin/java"), TrinoJdk.locate(WosConfig.defaults().with(Map.of("trino.java-home", jdk25.toString())), Map.of(), root));
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrinoJdk.locate(WosConfig.defaults().with(Map.of("trino.java-home", jdk17.toString())), Map.of(), root));
        assertTrue(e.getMessage().contains("trino.java-home") && e.getMessage().contains("found Java 17"), e.getMessage());
    }

    @Test
    void environmentVariablesAreLookedAtWhenNothingIsConfigured() throws Exception {
        Path jdk = jdk("trino-jdk", "25");
        Path root = Files.createDirectories(dir.resolve("empty"));
        assertEquals(jdk.resolve("bin/java"), TrinoJdk.locate(WosConfig.defaults(), Map.of("TRINO_JAVA_HOME", jdk.toString()), root));
        assertEquals(jdk.resolve("bin/java"), TrinoJdk.locate(WosConfig.defaults(), Map.of("JAVA_HOME", jdk.toString()), root));
    }

    @Test
    void withNoJdk25AnywhereTheMessageSaysWhatToInstall() throws Exception {
        Path root = Files.createDirectories(dir.resolve("jvm"));
        Path old = jdk("jvm/java-17", "17.0.15");
        ConfigException e = assertThrows(ConfigException.class, () -> TrinoJdk.locate(WosConfig.defaults(), Map.of("JAVA_HOME", old.toString()), root));
        assertTrue(e.getMessage().contains("needs a JDK 25") && e.getMessage().contains("temurin-25-jdk") && e.getMessage().contains("trino.java-home"),
                e.getMessage());
    }
}
