package org.ordersweep.results;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run at a time per output folder (docs/operations.md#stopping-resuming-scheduling). The lock is a file that names
 * its holder with a token of its own; it is created so that exactly one of several contenders succeeds (a hard link on
 * local disks, create-without-overwrite on HDFS), kept fresh by a heartbeat that only touches its time, and checked
 * by the holder before every write: a run whose token is no longer in the file has lost the lock and stops before
 * writing. A lock is stale, and taken over, when its heartbeat is older than the stale age (on any host), or when
 * its holder on this host is gone (no process with its PID that started when it did: a reused PID is not the
 * holder). Taking over moves the stale file aside first, which only one contender can do.
 */
public final class SweepLock implements AutoCloseable {

    public static final String FILE = "_ordersweep.lock";
    static final Duration HEARTBEAT = Duration.ofSeconds(Long.getLong("ordersweep.lock.heartbeat-seconds", 30));
    static final Duration STALE_AFTER = Duration.ofSeconds(Long.getLong("ordersweep.lock.stale-seconds", 300));

    /** Another live run holds the lock, or took it from this one. */
    public static final class Held extends RuntimeException {
        public Held(String message) {
            super(message);
        }
    }

    private final FileSystem fs;
    private final Path path;
    private final String dir;
    private final String token;
    private final ScheduledExecutorService heartbeat;
    private volatile String lost;

    private SweepLock(FileSystem fs, Path path, String dir, String token) {
        this.fs = fs;
        this.path = path;
        this.dir = dir;
        this.token = token;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ordersweep-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static SweepLock acquire(String dir, Configuration hadoop) {
        Path path = new Path(dir, FILE);
        String token = UUID.randomUUID().toString();
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            for (int attempt = 0; attempt < 3; attempt++) {
                if (createExclusive(fs, path, describe(token))) {
                    return new SweepLock(fs, path, dir, token);
                }
                Properties held;
                long modified;
                try {
                    held = read(fs, path);
                    modified = fs.getFileStatus(path).getModificationTime();
                } catch (FileNotFoundException e) {
                    continue; // released meanwhile: try again
                }
                String stale = staleness(held, modified);
                if (stale == null) {
                    throw new Held(dir + " is being written by another ordersweep run (" + holder(held)
                            + "); it was left alone. Wait for it, or remove " + path + " if that run is gone.");
                }
                Path aside = new Path(path.getParent(), FILE + ".stale-" + token);
                if (moveExclusive(fs, path, aside)) {
                    if (held.getProperty("token", "").equals(read(fs, aside).getProperty("token", ""))) {
                        org.slf4j.LoggerFactory.getLogger(SweepLock.class).warn("Took over a stale lock on {}: {}",
                                dir, stale);
                        fs.delete(aside, false);
                    } else if (!moveExclusive(fs, aside, path)) {
                        // A fresh lock was moved by mistake and another run has locked since: that holder sees its
                        // token gone at its next check and stops; this contender tries again.
                        fs.delete(aside, false);
                    }
                }
            }
            throw new Held(dir + ": another run took the lock at the same moment; it was left alone");
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Throws {@link Held} when this run no longer holds the lock (another run took it over): called before every
     * write, so that a run that lost its lock writes nothing more.
     */
    public void check() {
        if (lost == null) {
            try {
                String now = read(fs, path).getProperty("token", "");
                if (!now.equals(token)) {
                    lost = "another run took it over";
                }
            } catch (IOException e) {
                lost = "the lock file cannot be read (" + e.getMessage() + ")";
            }
        }
        if (lost != null) {
            throw new Held(dir + ": this run lost its lock (" + lost + "); it stops before writing anything more");
        }
    }

    /** Creates the file with this content unless it exists; exactly one of several contenders succeeds. */
    private static boolean createExclusive(FileSystem fs, Path path, String content) throws IOException {
        java.nio.file.Path local = localPath(fs, path);
        if (local != null) {
            // Hadoop's local create checks for the file, then creates it: two runs could both win. A hard link to a
            // fully written file either appears whole or fails because the name exists.
            Files.createDirectories(local.getParent());
            java.nio.file.Path tmp = Files.createTempFile(local.getParent(), FILE, ".new");
            try {
                Files.writeString(tmp, content);
                Files.createLink(local, tmp);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        try (FSDataOutputStream out = fs.create(path, false)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(path)) {
                return false; // HDFS reports a lost create race as a plain IOException on some versions
            }
            throw e;
        }
    }

    /** Renames {@code from} to the new name {@code to}; false when {@code from} is gone (another contender took it). */
    private static boolean moveExclusive(FileSystem fs, Path from, Path to) throws IOException {
        java.nio.file.Path local = localPath(fs, from);
        if (local != null) {
            try {
                Files.move(local, localPath(fs, to), StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }
        return fs.rename(from, to);
    }

    private static java.nio.file.Path localPath(FileSystem fs, Path p) {
        return fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem
                ? java.nio.file.Path.of(fs.makeQualified(p).toUri()) : null;
    }

    private static String describe(String token) throws IOException {
        ProcessHandle me = ProcessHandle.current();
        return "token=" + token + "\nhost=" + InetAddress.getLocalHost().getHostName() + "\npid=" + me.pid()
                + "\nprocess_started=" + me.info().startInstant().map(Object::toString).orElse("")
                + "\nstarted=" + java.time.Instant.now() + "\n";
    }

    private static Properties read(FileSystem fs, Path path) throws IOException {
        Properties p = new Properties();
        try (FSDataInputStream in = fs.open(path)) {
            p.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        return p;
    }

    private static String holder(Properties p) {
        return "host " + p.getProperty("host") + ", pid " + p.getProperty("pid") + ", since "
                + p.getProperty("started");
    }

    /** Why a lock is stale, or null while its holder may be alive. */
    static String staleness(Properties p, long modifiedMillis) throws IOException {
        long age = System.currentTimeMillis() - modifiedMillis;
        if (age > STALE_AFTER.toMillis()) {
            return "no heartbeat for " + age / 1000 + " s";
        }
        if (p.getProperty("host", "").equals(InetAddress.getLocalHost().getHostName())) {
            long pid;
            try {
                pid = Long.parseLong(p.getProperty("pid", ""));
            } catch (NumberFormatException e) {
                return null; // written by another version, or being written: wait for its heartbeat to age
            }
            String started = p.getProperty("process_started", "");
            var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return "its process " + pid + " on this host is gone";
            }
            String actual = process.get().info().startInstant().map(Object::toString).orElse("");
            if (!started.isEmpty() && !actual.isEmpty() && !started.equals(actual)) {
                return "process " + pid + " on this host is not its holder (started " + actual + ", the holder "
                        + started + ")";
            }
        }
        return null;
    }

    /** Keeps the lock fresh by its modification time; stops once another run holds it. */
    private void beat() {
        try {
            if (!read(fs, path).getProperty("token", "").equals(token)) {
                lost = "another run took it over";
                heartbeat.shutdown();
                return;
            }
            fs.setTimes(path, System.currentTimeMillis(), -1);
        } catch (IOException | UnsupportedOperationException e) {
            org.slf4j.LoggerFactory.getLogger(SweepLock.class).warn("Lock heartbeat failed: {}", e.getMessage());
        }
    }

    /** Stops the heartbeat and removes the lock, unless another run holds it now. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            if (read(fs, path).getProperty("token", "").equals(token)) {
                fs.delete(path, false);
            }
        } catch (IOException e) {
            // Gone or unreadable: nothing of this run's to remove.
        }
    }
}
