package org.ordersweep.results;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondRunIsRefusedWhileTheFirstHoldsTheLock() {
        try (SweepLock first = SweepLock.acquire(dir.toString(), new Configuration())) {
            SweepLock.Held held = assertThrows(SweepLock.Held.class,
                    () -> SweepLock.acquire(dir.toString(), new Configuration()));
            assertTrue(held.getMessage().startsWith(dir + " is being written by another ordersweep run (host "),
                    held.getMessage());
            assertTrue(held.getMessage().contains("pid " + ProcessHandle.current().pid()));
        }
        assertFalse(Files.exists(dir.resolve(SweepLock.FILE)));
        SweepLock.acquire(dir.toString(), new Configuration()).close();
    }

    @Test
    void aLockWhoseProcessIsGoneIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dir.resolve(SweepLock.FILE), "host=" + InetAddress.getLocalHost().getHostName() + "\npid="
                + gone.pid() + "\nstarted=2020-01-01T00:00:00Z\n");
        try (SweepLock lock = SweepLock.acquire(dir.toString(), new Configuration())) {
            assertTrue(Files.readString(dir.resolve(SweepLock.FILE)).contains("pid=" + ProcessHandle.current().pid()));
        }
    }

    @Test
    void runExitsThreeWhenLockedAndTouchesNothing() throws Exception {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (SweepLock held = SweepLock.acquire(dir.toString(), new Configuration())) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(Main.LOCKED, Main.execute("run", "--conf", "conf/quickstart.conf", "--master", "local[1]",
                    "--set", "output.dir=" + dir));
        } finally {
            System.setErr(oldErr);
        }
        // Spark's logging may print first; ordersweep's own report is one line.
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("ordersweep: " + dir + " is being written by")).count(), err.toString());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }
}
