package com.wholesaleos.orchestration.run;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A task process for the executor tests: counts its tries in a state directory, fails its first N, can run long,
 * and records an overlap if two tries of the same task ever run at once.
 * Arguments: STATE_DIR TASK_ID FAIL_FIRST SLEEP_MS
 */
public final class ScriptedTask {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String task = args[1];
        int failFirst = Integer.parseInt(args[2]);
        long sleepMs = Long.parseLong(args[3]);
        Path running = dir.resolve(task + ".running");
        Files.writeString(running, Long.toString(ProcessHandle.current().pid()));
        // The OS releases a process's file lock when it dies: a lock held now means another try is alive.
        FileChannel lockFile = FileChannel.open(dir.resolve(task + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock();
        if (lock == null) Files.writeString(dir.resolve("overlap"), task + " started while another try was running\n");
        Path tries = dir.resolve(task + ".tries");
        int n = Files.exists(tries) ? Integer.parseInt(Files.readString(tries).trim()) + 1 : 1;
        Files.writeString(tries, Integer.toString(n));
        System.out.println(task + ": try " + n);
        Thread.sleep(sleepMs);
        Files.deleteIfExists(running);
        if (n <= failFirst) {
            System.out.println(task + ": failing on purpose");
            System.exit(3);
        }
        System.out.println(task + ": done");
    }
}
