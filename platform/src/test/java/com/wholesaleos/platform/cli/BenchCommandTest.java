package com.wholesaleos.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code wos bench}'s flags fail before anything starts when they cannot be honoured, naming the flag. */
class BenchCommandTest {
    private static String[] wos(String... args) {
        StringWriter err = new StringWriter();
        int code = Wos.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err)).execute(args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void anUnknownPhaseIsRefusedNamingThePhases() {
        String[] run = wos("bench", "--phase", "phase9");
        assertEquals("2", run[0], run[1]);
        assertTrue(run[1].contains("unknown growth phase 'phase9'") && run[1].contains("phase4"), run[1]);
    }

    @Test
    void aPhaseWithAModeThatRunsOnTheMvpIsRefusedRatherThanIgnored() {
        String[] run = wos("bench", "--fraud", "--phase", "phase4");
        assertEquals("2", run[0], run[1]);
        assertTrue(run[1].contains("--phase goes with the default benchmark only") && run[1].contains("--fraud"), run[1]);
    }

    @Test
    void aHistoryLongerThanThePhaseReachesIsRefusedNamingTheFlag() {
        String[] run = wos("bench", "--phase", "mvp", "--history", "12m");
        assertEquals("2", run[0], run[1]);
        assertTrue(run[1].contains("--history 12m reaches before the launch") && run[1].contains("plan month 6"), run[1]);
    }
}
