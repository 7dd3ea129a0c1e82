package dev.revoke.tty.ldisc;

/**
 * A bounded FIFO of bytes, the shape of both queues between the line
 * discipline and its driver: the output queue (bytes the tty has sent and
 * the driver has not taken; for a pty, what the master has still to read)
 * and the receive buffer (bytes the driver has delivered that the line
 * discipline had no room for yet; Linux's flip buffer). Guarded by the line
 * discipline's lock.
 */
final class ByteRing {
    private final byte[] ring;
    private long head;
    private long tail;

    ByteRing(int capacity) {
        if (capacity < 8) {
            throw new IllegalArgumentException("a queue of " + capacity + " bytes cannot hold an expanded tab");
        }
        ring = new byte[capacity];
    }

    int capacity() {
        return ring.length;
    }

    int size() {
        return (int) (head - tail);
    }

    int room() {
        return ring.length - size();
    }

    /** Appends one byte; the caller has checked {@link #room()}. */
    void put(int b) {
        ring[(int) (head++ % ring.length)] = (byte) b;
    }

    /** Appends {@code b[off, off+len)}; the caller has checked {@link #room()}. */
    void put(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            put(b[off + i]);
        }
    }

    /** Moves up to {@code len} bytes into {@code b}; returns how many. */
    int take(byte[] b, int off, int len) {
        int n = peek(b, off, len);
        tail += n;
        return n;
    }

    /** Copies up to {@code len} bytes into {@code b} without removing them; returns how many. */
    int peek(byte[] b, int off, int len) {
        int n = Math.min(len, size());
        for (int i = 0; i < n; i++) {
            b[off + i] = ring[(int) ((tail + i) % ring.length)];
        }
        return n;
    }

    /** Removes the first {@code n} bytes, which the caller has peeked. */
    void skip(int n) {
        tail += Math.min(n, size());
    }

    void clear() {
        tail = head;
    }
}
