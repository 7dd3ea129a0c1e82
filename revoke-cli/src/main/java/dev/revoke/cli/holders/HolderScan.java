package dev.revoke.cli.holders;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Who holds a file open, found the way fuser(1) finds it: every
 * {@code /proc/PID/fd/N} whose target is the same file (for a device, the
 * same device number through any node).
 *
 * <p>Only descriptors whose link names a path are stat'ed; sockets, pipes
 * and anonymous inodes are skipped by their link text, which keeps a scan
 * of a few thousand descriptors in the milliseconds. Processes come and go
 * during a scan; one that vanished is skipped. Without privilege the
 * descriptors of other users' processes cannot be read: they are counted in
 * {@link Result#unreadable()} so the report can say the list is partial.
 */
public final class HolderScan {
    private final Path proc;

    public HolderScan() {
        this(Path.of("/proc"));
    }

    HolderScan(Path proc) {
        this.proc = proc;
    }

    /** The holders, by pid, and how many processes could not be looked into. */
    public record Result(List<Holder> holders, int unreadable) {
        public Result {
            holders = List.copyOf(holders);
        }

        public int descriptors() {
            return holders.stream().mapToInt(h -> h.fds().size()).sum();
        }
    }

    public Result holdersOf(FileIdentity target) throws IOException {
        List<Holder> found = new ArrayList<>();
        int unreadable = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path pidDir : pids) {
                try {
                    List<Integer> fds = matchingFds(pidDir.resolve("fd"), target);
                    if (!fds.isEmpty()) {
                        found.add(new Holder(Long.parseLong(pidDir.getFileName().toString()), comm(pidDir), fds));
                    }
                } catch (AccessDeniedException e) {
                    unreadable++;
                } catch (NoSuchFileException e) {
                    // exited while we looked
                }
            }
        }
        found.sort(Comparator.comparingLong(Holder::pid));
        return new Result(found, unreadable);
    }

    private static List<Integer> matchingFds(Path fdDir, FileIdentity target) throws IOException {
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> links = Files.newDirectoryStream(fdDir)) {
            for (Path link : links) {
                try {
                    String to = Files.readSymbolicLink(link).toString();
                    if (to.startsWith("/") && FileIdentity.of(link).sameAs(target)) {
                        fds.add(Integer.parseInt(link.getFileName().toString()));
                    }
                } catch (IOException | NumberFormatException e) {
                    // closed while we looked, or a target we may not stat: not a match we can prove
                }
            }
        }
        fds.sort(null);
        return fds;
    }

    private static String comm(Path pidDir) {
        try {
            return Files.readString(pidDir.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
