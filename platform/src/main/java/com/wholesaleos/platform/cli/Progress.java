package com.wholesaleos.platform.cli;

/** A progress line on stderr: rewritten in place on a terminal, one line per update otherwise. */
final class Progress {
    private final boolean terminal = System.console() != null;

    void update(String line) {
        if (terminal) System.err.print("\r" + line + "    ");
        else System.err.println(line);
        System.err.flush();
    }

    void done() {
        if (terminal) System.err.println();
    }

    static void info(String line) {
        System.err.println(line);
    }
}
