package com.wholesaleos.platform.compose;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.config.Setting;
import com.wholesaleos.config.WosSettings;
import com.wholesaleos.config.stage.Readiness;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.config.stage.StageKind;
import com.wholesaleos.config.stage.WosStages;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker-compose.yml checked against the packaged build (an integration test: it needs the job jars and stage-lib) and the declarations
 * against the build and the declarations: variables, mounted paths, stages, and the Flink job's classpath.
 */
class DockerComposeIT {
    private static final Path HOME = Path.of(System.getProperty("wos.home", "..")).toAbsolutePath().normalize();

    private static String compose() throws Exception {
        return Files.readString(HOME.resolve("docker-compose.yml"));
    }

    @Test
    void everyWosVariableIsARealSetting() throws Exception {
        Set<String> known = WosSettings.ALL.stream().map(Setting::environmentVariable).collect(Collectors.toSet());
        Matcher m = Pattern.compile("\\bWOS_[A-Z0-9_]+").matcher(compose());
        Set<String> used = new TreeSet<>();
        while (m.find()) used.add(m.group());
        assertFalse(used.isEmpty());
        used.removeAll(known);
        assertEquals(Set.of(), used, "WOS_ variables that no setting reads");
        assertTrue(compose().contains("WOS_DATA_DIR"), "the data directory is shared through its obvious name");
    }

    @Test
    void everyMountedPathExistsAfterTheBuild() throws Exception {
        Matcher m = Pattern.compile("\\./([\\w./-]+):/").matcher(compose());
        List<String> missing = new ArrayList<>();
        int mounts = 0;
        while (m.find()) {
            mounts++;
            if (!Files.exists(HOME.resolve(m.group(1)))) missing.add(m.group(1));
        }
        assertTrue(mounts >= 6, "mounts found: " + mounts);
        assertEquals(List.of(), missing, "mounted paths the build does not produce");
    }

    @Test
    void everyLongRunningStageHasItsService() throws Exception {
        String c = compose();
        for (StageDeclaration s : WosStages.ALL) {
            if (s.kind() != StageKind.LONG_RUNNING) continue;
            assertTrue(c.contains(s.mainClass()), s.name() + " (" + s.mainClass() + ") is not in docker-compose.yml");
            assertTrue(c.contains("Stage " + s.name() + ":"), "a comment names the service of stage " + s.name());
        }
    }

    /**
     * Application mode: the job's classes come from usrlib (its jar and stage-lib), Flink's own from the image's lib.
     * Flink's artifacts from the build stand in for the image; every class of the job jar must link against the two.
     */
    static Stream<StageDeclaration> flinkJobs() {
        return WosStages.ALL.stream().filter(s -> s.readiness() instanceof Readiness.FlinkJobRunning);
    }

    @ParameterizedTest
    @MethodSource("flinkJobs")
    void theFlinkApplicationClasspathResolvesTheJobsClasses(StageDeclaration stage) throws Exception {
        Path module = HOME.resolve(stage.module());
        Path jobJar = module.resolve("target/" + stage.module() + "-0.1.0-SNAPSHOT.jar");
        assertTrue(compose().contains("./" + stage.module() + "/target/" + stage.module() + "-0.1.0-SNAPSHOT.jar:"),
                "docker-compose.yml mounts the job jar of " + stage.name());
        assertTrue(Files.exists(jobJar), jobJar + " (built before the platform module)");
        List<URL> usrlib = new ArrayList<>(List.of(jobJar.toUri().toURL()));
        try (Stream<Path> jars = Files.list(module.resolve("target/stage-lib"))) {
            for (Path j : jars.toList()) {
                usrlib.add(j.toUri().toURL());
            }
        }
        List<URL> image = new ArrayList<>();
        for (String entry : Files.readString(module.resolve("target/runtime-classpath.txt")).trim().split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            if (isInFlinkImage(name)) image.add(jar.toUri().toURL());
        }
        try (URLClassLoader flinkLib = new URLClassLoader(image.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
             URLClassLoader job = new URLClassLoader(usrlib.toArray(URL[]::new), flinkLib);
             JarFile jar = new JarFile(jobJar.toFile())) {
            List<String> broken = new ArrayList<>();
            int classes = 0;
            for (var e : java.util.Collections.list(jar.entries())) {
                if (!e.getName().endsWith(".class") || e.getName().contains("module-info")) continue;
                String name = e.getName().replace('/', '.').replace(".class", "");
                try {
                    Class<?> c = Class.forName(name, false, job);
                    c.getDeclaredMethods(); // resolves every type in the signatures
                    c.getDeclaredFields();
                    classes++;
                } catch (LinkageError | ClassNotFoundException ex) {
                    broken.add(name + ": " + ex);
                }
            }
            assertEquals(List.of(), broken);
            assertTrue(classes > 10);
            Class<?> main = Class.forName(stage.mainClass(), true, job);
            assertNotNull(main.getMethod("main", String[].class));
        }
    }

    /**
     * What the flink image's lib/ holds: Flink's own modules (flink-dist) but no connector, logging, and what
     * flink-dist shades in. Anything else must come from usrlib.
     */
    private static boolean isInFlinkImage(String jar) {
        if (jar.startsWith("flink-connector-")) return false;
        return Stream.of("flink-", "log4j-", "slf4j-api", "commons-", "kryo", "chill", "objenesis", "minlog", "jsr305")
                .anyMatch(jar::startsWith);
    }
}
