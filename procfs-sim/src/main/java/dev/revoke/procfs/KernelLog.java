package dev.revoke.procfs;

import dev.revoke.mechanism.WaitQueue;

import java.nio.charset.StandardCharsets;

/**
 * The kernel log behind /proc/kmsg: a ring of bytes, lines appended by
 * {@link #log} and consumed by reads of /proc/kmsg. As in Linux, /proc/kmsg
 * has one read cursor for everybody (reading consumes; it is meant for a
 * single klogd), while {@link #dmesg()} shows what the ring still holds
 * without consuming. When the ring is full the oldest bytes go, unread or
 * not.
 */
public final class KernelLog {
    static final int DEFAULT_CAPACITY = 1 << 16;

    private final byte[] ring;
    /** Bytes ever appended; the ring holds the last {@code min(written, capacity)} of them. */
    private long written;
    /** Bytes consumed by /proc/kmsg readers. */
    private long consumed;
    private volatile WaitQueue readers;

    KernelLog() {
        this(DEFAULT_CAPACITY);
    }

    KernelLog(int capacity) {
        this.ring = new byte[capacity];
    }

    /** Where /proc/kmsg readers sleep: the kmsg entry's wait queue. */
    void wakeOn(WaitQueue queue) {
        this.readers = queue;
    }

    /** {@code printk}: appends {@code line} and a newline, and wakes the readers. */
    public void log(String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            int from = Math.max(0, b.length - ring.length);
            for (int i = from; i < b.length; i++) {
                ring[(int) (written++ % ring.length)] = b[i];
            }
            consumed = Math.max(consumed, written - ring.length);
        }
        // After the data, outside our lock: a sleeper tests hasUnread() under
        // the queue's lock, so either it sees the data or it is already asleep.
        WaitQueue q = readers;
        if (q != null) {
            q.wakeAll();
        }
    }

    /** Bytes /proc/kmsg has not yet returned. */
    public synchronized int unread() {
        return (int) (written - consumed);
    }

    synchronized boolean hasUnread() {
        return written > consumed;
    }

    /** Consumes up to {@code len} unread bytes; 0 if there are none. */
    synchronized int take(byte[] buf, int off, int len) {
        int n = (int) Math.min(len, written - consumed);
        for (int i = 0; i < n; i++) {
            buf[off + i] = ring[(int) (consumed++ % ring.length)];
        }
        return n;
    }

    /** Everything the ring still holds, read or not, as {@code dmesg} prints it. */
    public synchronized String dmesg() {
        long start = Math.max(0, written - ring.length);
        byte[] out = new byte[(int) (written - start)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
