package org.ordersweep.results;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run at a time per output folder: a lock file created atomically (create without overwrite works the same on
 * local disks, HDFS and object stores with conditional writes), refreshed by a heartbeat. A lock is stale, and taken
 * over, when its holder on this host is no longer running or its heartbeat is older than {@link #STALE_AFTER}.
 */
public final class SweepLock implements AutoCloseable {

    public static final String FILE = "_ordersweep.lock";
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    static final Duration STALE_AFTER = Duration.ofMinutes(5);

    /** Another live run holds the lock. */
    public static final class Held extends RuntimeException {
        public Held(String message) {
            super(message);
        }
    }

    private final FileSystem fs;
    private final Path path;
    private final String content;
    private final ScheduledExecutorService heartbeat;

    private SweepLock(FileSystem fs, Path path, String content) {
        this.fs = fs;
        this.path = path;
        this.content = content;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ordersweep-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    public static SweepLock acquire(String dir, Configuration hadoop) {
        Path path = new Path(dir, FILE);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            for (int attempt = 0; attempt < 2; attempt++) {
                String me = describeMe();
                try (FSDataOutputStream out = fs.create(path, false)) {
                    out.write(me.getBytes(StandardCharsets.UTF_8));
                    return new SweepLock(fs, path, me);
                } catch (FileAlreadyExistsException e) {
                    String stale = staleness(fs, path);
                    if (stale == null) {
                        throw new Held(dir + " is being written by another ordersweep run (" + holder(fs, path)
                                + "); it was left alone. Wait for it, or remove " + path + " if that run is gone.");
                    }
                    org.slf4j.LoggerFactory.getLogger(SweepLock.class).warn("Taking over a stale lock on {}: {}", dir,
                            stale);
                    fs.delete(path, false);
                }
            }
            throw new Held(dir + ": another run took the lock at the same moment");
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock " + path + ": " + e.getMessage(), e);
        }
    }

    private static String describeMe() throws IOException {
        return "host=" + InetAddress.getLocalHost().getHostName() + "\npid=" + ProcessHandle.current().pid()
                + "\nstarted=" + java.time.Instant.now() + "\n";
    }

    private static Properties read(FileSystem fs, Path path) throws IOException {
        Properties p = new Properties();
        try (FSDataInputStream in = fs.open(path)) {
            p.load(in);
        }
        return p;
    }

    private static String holder(FileSystem fs, Path path) throws IOException {
        Properties p = read(fs, path);
        return "host " + p.getProperty("host") + ", pid " + p.getProperty("pid") + ", since " + p.getProperty("started");
    }

    /** Why the lock is stale, or null while its holder is alive. */
    static String staleness(FileSystem fs, Path path) throws IOException {
        Properties p = read(fs, path);
        String host = p.getProperty("host", "");
        if (host.equals(InetAddress.getLocalHost().getHostName())) {
            try {
                long pid = Long.parseLong(p.getProperty("pid", "-1"));
                if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                    return "its process " + pid + " on this host is gone";
                }
                return null;
            } catch (NumberFormatException e) {
                return "unreadable lock file";
            }
        }
        FileStatus st = fs.getFileStatus(path);
        long age = System.currentTimeMillis() - st.getModificationTime();
        return age > STALE_AFTER.toMillis() ? "no heartbeat for " + age / 1000 + " s" : null;
    }

    private void beat() {
        try (FSDataOutputStream out = fs.create(path, true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(SweepLock.class).warn("Lock heartbeat failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            fs.delete(path, false);
        } catch (IOException e) {
            // A lock left behind is stale once this process is gone.
        }
    }
}
