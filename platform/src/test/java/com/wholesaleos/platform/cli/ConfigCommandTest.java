package com.wholesaleos.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wholesaleos.config.Setting;
import com.wholesaleos.config.WosSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wos config} lists every declared setting, and bad settings fail at start naming the key. */
class ConfigCommandTest {
    @TempDir
    Path dataDir;

    private record Run(int code, String out, String err) {}

    private Run wos(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Wos.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsEverySettingWithItsDefaultValueAndDescription() throws Exception {
        Run run = wos("config", "--json", "--data-dir", dataDir.toString(), "--set", "trino.heap=2G");
        assertEquals(0, run.code(), run.err());
        Map<String, JsonNode> byKey = new HashMap<>();
        new ObjectMapper().readTree(run.out()).forEach(n -> byKey.put(n.get("key").asText(), n));
        for (Setting<?> s : WosSettings.ALL) {
            JsonNode n = byKey.get(s.key());
            assertTrue(n != null, s.key() + " listed");
            assertEquals(s.defaultValue(), n.get("default").asText(), s.key());
            assertEquals(s.description(), n.get("description").asText(), s.key());
        }
        assertEquals(WosSettings.ALL.size(), byKey.size());
        assertEquals("2G", byKey.get("trino.heap").get("value").asText(), "the value in effect, --set included");
        assertEquals("480000", byKey.get("stage.trino.ready-timeout-ms").get("default").asText(), "stage settings come from the stage declarations");
        assertEquals("WOS_TRINO_HEAP", byKey.get("trino.heap").get("env").asText());
    }

    @Test
    void aPrefixNarrowsTheListAndSecretsAreMasked() {
        Run run = wos("config", "postgres.", "--data-dir", dataDir.toString(), "--set", "postgres.password=s3cret");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("postgres.port = "), run.out());
        assertTrue(!run.out().contains("trino.heap"), run.out());
        assertTrue(run.out().contains("postgres.password = ********"), run.out());
        assertTrue(!run.out().contains("s3cret"), run.out());
    }

    @Test
    void aStageHeapThatIsNotASizeFailsNamingTheKey() {
        Run run = wos("config", "--data-dir", dataDir.toString(), "--set", "stage.live-gmv.heap=lots");
        assertNotEquals(0, run.code());
        assertTrue(run.err().contains("stage.live-gmv.heap"), run.err());
    }
}
