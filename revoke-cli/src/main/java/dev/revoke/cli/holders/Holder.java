package dev.revoke.cli.holders;

import java.util.List;

/** A process holding a file open: its pid, its command name (/proc/PID/comm) and the descriptors. */
public record Holder(long pid, String comm, List<Integer> fds) {
    public Holder {
        fds = List.copyOf(fds);
    }
}
