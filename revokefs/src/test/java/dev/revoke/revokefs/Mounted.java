package dev.revoke.revokefs;

import dev.revoke.panama.Sys;
import dev.revoke.revokefs.sys.FsSys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A revokefs mount in a temporary directory for one test, and the real
 * processes the test starts on it. {@link #close()} kills the processes,
 * unmounts, and fails the test if the mount is still in /proc/self/mounts
 * (after detaching it, so that no stale mount survives a failed test).
 */
final class Mounted implements AutoCloseable {
    final Path base;
    final Path mnt;
    final Path src;
    final RevokeFs fs;
    private final List<Child> children = new ArrayList<>();

    /** Skips (with the reason) unless root with /dev/fuse; CI runs as root, where nothing skips. */
    static void assumeFuse() {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "revokefs tests need /dev/fuse, which is missing here");
        assumeTrue(Sys.geteuid() == 0, "revokefs tests mount with mount(2) and need root; euid is " + Sys.geteuid());
    }

    private Mounted(Path base, Path mnt, Path src, RevokeFs fs) {
        this.base = base;
        this.mnt = mnt;
        this.src = src;
        this.fs = fs;
    }

    /** A mount with a passthrough of a fresh source directory at {@code src/}. */
    static Mounted withSource() throws IOException {
        assumeFuse();
        Path base = Files.createTempDirectory("revokefs-test");
        Path mnt = Files.createDirectory(base.resolve("mnt"));
        Path src = Files.createDirectory(base.resolve("src"));
        return new Mounted(base, mnt, src, RevokeFs.mount(mnt, Optional.of(src)));
    }

    Path at(String relative) {
        return mnt.resolve(relative);
    }

    /** A real {@code sh -c script}, stdout and stderr merged and read line by line as they come. */
    Child sh(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        Child c = new Child(p);
        synchronized (children) {
            children.add(c);
        }
        return c;
    }

    /** Makes a FIFO in the base directory: {@code read x < fifo} in a script is a gate the test opens. */
    Path fifo(String name) throws IOException, InterruptedException {
        Path f = base.resolve(name);
        Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo " + f + " failed");
        }
        return f;
    }

    /** Opens a gate made by {@link #fifo}: one line to the script blocked reading it. */
    static void open(Path fifo) throws IOException {
        Files.writeString(fifo, "go\n");
    }

    /** Waits for a condition; false if it did not hold within the time. */
    static boolean await(BooleanSupplier cond, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    static boolean mountedAt(Path dir) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .anyMatch(l -> l.split(" ")[1].equals(dir.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (children) {
            for (Child c : children) {
                c.process.destroyForcibly();
            }
        }
        fs.close();
        boolean stale = mountedAt(mnt);
        if (stale) {
            FsSys.umount2(mnt.toString(), FsSys.MNT_DETACH);
        }
        synchronized (children) {
            for (Child c : children) {
                try {
                    c.process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (stale) {
            throw new AssertionError("stale mount left at " + mnt + " after close()");
        }
    }

    /** A real process and the lines it prints, each stamped with System.nanoTime() when it arrived. */
    static final class Child {
        record Line(String text, long nanos) {}

        final Process process;
        private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        private final List<String> all = new ArrayList<>();
        private final Thread reader;

        Child(Process process) {
            this.process = process;
            reader = Thread.ofPlatform().daemon().name("child-" + process.pid()).start(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        Line line = new Line(l, System.nanoTime());
                        synchronized (all) {
                            all.add(l);
                        }
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process went away
                }
            });
        }

        /** The next line, or null after {@code millis}. */
        Line next(long millis) throws InterruptedException {
            return lines.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** The next line that contains {@code text}, or null after {@code millis}. */
        Line expect(String text, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                long left = deadline - System.nanoTime();
                Line l = lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (l == null || l.text().contains(text)) {
                    return l;
                }
            }
        }

        int exit(long millis) throws InterruptedException {
            if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process " + process.pid() + " still running after " + millis
                        + " ms; output so far: " + output());
            }
            reader.join(millis); // the last lines may still be in the pipe
            return process.exitValue();
        }

        String output() {
            synchronized (all) {
                return String.join("\n", all);
            }
        }
    }
}
