package dev.revoke.panama;

import dev.revoke.panama.libc.pollfd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Objects;

/**
 * A native {@code struct pollfd[]} that lives as long as its allocator, so a
 * loop that polls the same descriptors again and again fills it once and
 * reads revents after each {@link Sys#poll(PollSet, int)}.
 */
public final class PollSet {
    private final MemorySegment fds;
    private final int size;

    public PollSet(SegmentAllocator allocator, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size);
        }
        this.fds = pollfd.allocateArray(size, allocator);
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Watches {@code fd} for {@code events} (POLLIN, ...) in slot {@code i}; a negative fd is ignored by poll. */
    public PollSet set(int i, int fd, int events) {
        MemorySegment e = entry(i);
        pollfd.fd(e, fd);
        pollfd.events(e, (short) events);
        pollfd.revents(e, (short) 0);
        return this;
    }

    public int fd(int i) {
        return pollfd.fd(entry(i));
    }

    /** What poll reported for slot {@code i}. */
    public int revents(int i) {
        return Short.toUnsignedInt(pollfd.revents(entry(i)));
    }

    /** True if slot {@code i} reported any of {@code mask}. */
    public boolean ready(int i, int mask) {
        return (revents(i) & mask) != 0;
    }

    MemorySegment segment() {
        return fds;
    }

    private MemorySegment entry(int i) {
        Objects.checkIndex(i, size);
        return pollfd.asSlice(fds, i);
    }
}
