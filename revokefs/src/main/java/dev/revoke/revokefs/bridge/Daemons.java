package dev.revoke.revokefs.bridge;

import static dev.revoke.panama.Errno.EMFILE;

import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.Process;
import dev.revoke.vfs.Abi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The emulated processes that hold the FUSE handles' descriptors. An
 * emulated process has 1024 descriptors, so when one is full the next open
 * goes to a new one ({@code revokefsd}, {@code revokefsd-2}, ...).
 */
final class Daemons {
    /** An open in one of the daemons: which process, and the descriptor or -errno. */
    record Opened(Process process, int fd) {}

    private final Kernel kernel;
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    Daemons(Kernel kernel) {
        this.kernel = kernel;
        processes.add(kernel.spawn("revokefsd", 0));
    }

    /** The first daemon: the caller for lookups and listings. */
    Process main() {
        return processes.get(0);
    }

    /**
     * Opens in the newest daemon first (the older ones are the full ones).
     * An open that finds a table full has already opened the file, which is
     * then released at once: correct, but work thrown away, hence the order.
     */
    Opened open(String path, int flags, int mode) {
        int f = flags;
        for (int attempt = 0; attempt < 2; attempt++) {
            List<Process> newestFirst = new ArrayList<>(processes);
            Collections.reverse(newestFirst);
            for (Process p : newestFirst) {
                int fd = p.open(path, f, mode);
                if (fd != EMFILE.negative()) {
                    return new Opened(p, fd);
                }
                // The file may have been created before the table turned out full.
                f &= ~(Abi.O_CREAT | Abi.O_EXCL);
            }
            synchronized (this) {
                Process last = processes.get(processes.size() - 1);
                if (last.openFds().size() >= 1000) {
                    processes.add(kernel.spawn("revokefsd-" + (processes.size() + 1), 0));
                }
            }
        }
        return new Opened(main(), EMFILE.negative());
    }

    List<Process> all() {
        return List.copyOf(processes);
    }

    /** Every daemon exits: all their descriptors close. */
    void exitAll() {
        for (Process p : processes) {
            p.exit(0);
        }
    }
}
