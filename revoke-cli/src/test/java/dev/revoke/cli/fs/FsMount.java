package dev.revoke.cli.fs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.revoke.panama.Sys;
import dev.revoke.revokefs.RevokeFs;
import dev.revoke.revokefs.sys.FsSys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A temporary directory for one test ({@code mnt/} to mount on, {@code src/}
 * to serve), an optional in-process revokefs mount, and the real processes
 * the test starts. {@link #close()} kills the processes, unmounts whatever
 * is still mounted at {@code mnt} (a mount made by the CLI too), removes
 * the directory, and fails the test if a stale mount had to be detached.
 */
final class FsMount implements AutoCloseable {
    final Path base;
    final Path mnt;
    final Path src;
    /** The in-process mount, or null when the test mounts through the CLI. */
    RevokeFs fs;
    private final List<Child> children = new ArrayList<>();

    /** Skips (saying why) unless root with /dev/fuse; CI runs as root, where nothing skips. */
    static void assumeFuse() {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "revokefs tests need /dev/fuse, which is missing here - skipped");
        assumeTrue(Sys.geteuid() == 0, "revokefs tests mount with mount(2) and need root; euid is " + Sys.geteuid()
                + " - skipped (CI runs as root)");
    }

    private FsMount() throws IOException {
        base = Files.createTempDirectory("revoke-cli-fs");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        mnt = Files.createDirectory(base.resolve("mnt"));
        src = Files.createDirectory(base.resolve("src"));
    }

    /** The directories only: the test mounts (through the CLI). */
    static FsMount unmounted() throws IOException {
        assumeFuse();
        return new FsMount();
    }

    /** revokefs mounted in this JVM at {@code mnt}, serving {@code src} at {@code mnt/src}. */
    static FsMount mounted() throws IOException {
        assumeFuse();
        FsMount m = new FsMount();
        try {
            m.fs = RevokeFs.mount(m.mnt, Optional.of(m.src));
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    Path at(String relative) {
        return mnt.resolve(relative);
    }

    /** A real {@code sh -c script}, stdout and stderr merged and read line by line as they come. */
    Child sh(String script) throws IOException {
        Child c = new Child(new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start());
        synchronized (children) {
            children.add(c);
        }
        return c;
    }

    /** A FIFO in the base directory: {@code read x < fifo} in a script is a gate the test opens with {@link #open}. */
    Path fifo(String name) throws IOException, InterruptedException {
        Path f = base.resolve(name);
        if (new ProcessBuilder("mkfifo", f.toString()).inheritIO().start().waitFor() != 0) {
            throw new IOException("mkfifo " + f + " failed");
        }
        return f;
    }

    static void open(Path fifo) throws IOException {
        Files.writeString(fifo, "go\n");
    }

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

    /** Is anything mounted at {@code dir}, by /proc/self/mounts? */
    static boolean mountedAt(Path dir) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .anyMatch(l -> l.split(" ")[1].equals(dir.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code pid} is asleep waiting for the daemon's answer to
     * a request (its wchan is FUSE's {@code request_wait_answer}); where
     * the kernel hides wchan, until it is asleep at all, plus a moment.
     */
    static boolean asleepInTheDaemon(long pid, long millis) throws InterruptedException {
        Path wchan = Path.of("/proc/" + pid + "/wchan");
        Path stat = Path.of("/proc/" + pid + "/stat");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            String w = read(wchan);
            if (w.equals("request_wait_answer")) {
                return true;
            }
            String s = read(stat);
            int paren = s.lastIndexOf(')');
            if ((w.isEmpty() || w.equals("0")) && paren > 0 && paren + 2 < s.length() && s.charAt(paren + 2) == 'S') {
                Thread.sleep(100);
                return true;
            }
            Thread.sleep(2);
        }
        return false;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (children) {
            for (Child c : children) {
                c.process.destroyForcibly();
            }
        }
        if (fs != null) {
            fs.close();
        }
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
            throw new AssertionError("stale mount left at " + mnt + " (detached now)");
        }
    }

    /**
     * Runs {@code revoke} on {@code mount/dev/null} (revocable, held by
     * nobody: the daemon revokes it and releases nothing) and then a few
     * dry runs of {@code path}, so that a measurement that follows times the
     * command, not the JVM's first loading and linking of its classes and
     * native calls (each real {@code revoke} is its own JVM; that start-up
     * is not what the latency is about).
     */
    static void warmUp(Path mount, String path) {
        dev.revoke.cli.Run r = dev.revoke.cli.Run.of(mount.resolve("dev/null").toString());
        if (r.exit() != 0) {
            throw new AssertionError("warm-up revoke of dev/null failed: " + r);
        }
        for (int i = 0; i < 3; i++) {
            dev.revoke.cli.Run.of("--dry-run", path);
        }
    }

    /** Measured latencies: printed and appended to target/revoke-cli-latencies.txt. */
    static void record(String what, long nanos) {
        String line = String.format(Locale.ROOT, "%-72s %8.2f ms%n", what, nanos / 1e6);
        System.out.print(line);
        try {
            Path file = Path.of("target/revoke-cli-latencies.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the printout is enough
        }
    }

    /** A real process and the lines it prints, each stamped with System.nanoTime() when it arrived. */
    static final class Child {
        record Line(String text, long nanos) {
        }

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
                        long now = System.nanoTime();
                        synchronized (all) {
                            all.add(l);
                        }
                        lines.add(new Line(l, now));
                    }
                } catch (IOException ignored) {
                    // the process went away
                }
            });
        }

        long pid() {
            return process.pid();
        }

        /** The next line containing {@code text}, or null after {@code millis}. */
        Line expect(String text, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                Line l = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
            reader.join(millis);
            return process.exitValue();
        }

        boolean alive() {
            return process.isAlive();
        }

        String output() {
            synchronized (all) {
                return String.join("\n", all);
            }
        }
    }
}
