package dev.revoke.kernel;

import dev.revoke.vfs.Abi;

/** {@code struct pollfd}: in with {@code fd} and {@code events}, out with {@code revents}. */
public final class PollFd {
    public final int fd;
    public final int events;
    public int revents;

    public PollFd(int fd, int events) {
        this.fd = fd;
        this.events = events;
    }

    @Override
    public String toString() {
        return "{fd=" + fd + ", revents=" + Abi.pollBits(revents) + "}";
    }
}
