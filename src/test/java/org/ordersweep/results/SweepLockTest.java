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
import java.util.List;

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

    private void writeLock(String host, long pid, String processStarted, long ageMillis) throws Exception {
        Path lock = dir.resolve(SweepLock.FILE);
        Files.writeString(lock, "token=old\nhost=" + host + "\npid=" + pid + "\nprocess_started=" + processStarted
                + "\nstarted=2020-01-01T00:00:00Z\n");
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()
                - ageMillis));
    }

    private String thisHost() throws Exception {
        return InetAddress.getLocalHost().getHostName();
    }

    @Test
    void aLockWhoseProcessIsGoneIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writeLock(thisHost(), gone.pid(), "", 0);
        try (SweepLock lock = SweepLock.acquire(dir.toString(), new Configuration())) {
            assertTrue(Files.readString(dir.resolve(SweepLock.FILE)).contains("pid=" + ProcessHandle.current().pid()));
        }
    }

    /** A restarted container can give a new process the holder's PID: the PID alone does not make it the holder. */
    @Test
    void aLockWhosePidWasReusedByAnotherProcessIsTakenOver() throws Exception {
        writeLock(thisHost(), ProcessHandle.current().pid(), "2001-01-01T00:00:00Z", 0);
        try (SweepLock lock = SweepLock.acquire(dir.toString(), new Configuration())) {
            assertFalse(Files.readString(dir.resolve(SweepLock.FILE)).contains("token=old"));
        }
    }

    /** On any host a lock is stale once its heartbeat is older than the stale age, and only then. */
    @Test
    void aLockFromAnotherHostIsHeldUntilItsHeartbeatIsOld() throws Exception {
        writeLock("elsewhere.example", 1, "", 60_000);
        SweepLock.Held held = assertThrows(SweepLock.Held.class,
                () -> SweepLock.acquire(dir.toString(), new Configuration()));
        assertTrue(held.getMessage().contains("host elsewhere.example, pid 1"), held.getMessage());
        writeLock("elsewhere.example", 1, "", SweepLock.STALE_AFTER.toMillis() + 60_000);
        try (SweepLock lock = SweepLock.acquire(dir.toString(), new Configuration())) {
            assertFalse(Files.readString(dir.resolve(SweepLock.FILE)).contains("token=old"));
            // What was moved aside to take over is gone too.
            try (var files = Files.list(dir)) {
                assertEquals(List.of(SweepLock.FILE), files.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    /** A run whose lock was taken over mid-run notices before its next write, and leaves the new holder's lock. */
    @Test
    void aRunWhoseLockWasTakenOverStopsBeforeWriting() throws Exception {
        SweepLock mine = SweepLock.acquire(dir.toString(), new Configuration());
        mine.check();
        Files.writeString(dir.resolve(SweepLock.FILE), "token=theirs\nhost=elsewhere\npid=1\n");
        SweepLock.Held lost = assertThrows(SweepLock.Held.class, mine::check);
        assertEquals(dir + ": this run lost its lock (another run took it over); it stops before writing anything "
                + "more", lost.getMessage());
        mine.close();
        assertEquals("token=theirs\nhost=elsewhere\npid=1\n", Files.readString(dir.resolve(SweepLock.FILE)));
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
