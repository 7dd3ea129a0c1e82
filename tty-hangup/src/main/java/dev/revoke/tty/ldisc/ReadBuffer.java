package dev.revoke.tty.ldisc;

import java.util.Arrays;

/**
 * The line discipline's input buffer: {@value #SIZE} bytes, as N_TTY's
 * {@code N_TTY_BUF_SIZE}, with a mark on each byte that ends a canonical
 * line. Positions are ever-growing counters; the ring index is the counter
 * modulo the size.
 *
 * <pre>
 *   tail ........ canonHead ........ head
 *   | complete lines |  line being edited |
 * </pre>
 *
 * In canonical mode readers see only {@code [tail, canonHead)}; ERASE and
 * KILL move {@code head} back, never past {@code canonHead}. In
 * non-canonical mode {@code canonHead} stays at {@code tail} and readers
 * see everything up to {@code head}.
 *
 * <p>An EOF character is stored as a NUL with the line-end mark: it ends a
 * line and is never handed to a reader, which is how a read can return 0.
 * Guarded by the line discipline's lock.
 */
final class ReadBuffer {
    static final int SIZE = 4096;
    private static final int MASK = SIZE - 1;
    /** The byte an EOF character is stored as (_POSIX_VDISABLE, N_TTY's __DISABLED_CHAR). */
    static final int EOF_MARK = 0;

    private final byte[] ring = new byte[SIZE];
    private final boolean[] lineEnd = new boolean[SIZE];
    long head;
    long tail;
    long canonHead;

    int count() {
        return (int) (head - tail);
    }

    int at(long position) {
        return ring[(int) (position & MASK)] & 0xff;
    }

    void put(int c) {
        ring[(int) (head & MASK)] = (byte) c;
        head++;
    }

    /** Appends {@code c} as the end of a line and publishes everything before it to readers. */
    void endLine(int c) {
        lineEnd[(int) (head & MASK)] = true;
        put(c);
        canonHead = head;
    }

    /** Forgets the last byte, for a canonical line that has outgrown the buffer. */
    void dropLast() {
        head--;
    }

    /**
     * Bytes that may still be added. With PARMRK every byte may become three
     * (0xff 0x00 c), so the room is counted in thirds. One byte is always
     * held back, as in N_TTY, so a full buffer is {@code SIZE - 1} bytes
     * unless a canonical line forces its way past (see {@link InputProcessor}).
     */
    int room(boolean parmrk) {
        int free = SIZE - count();
        if (parmrk) {
            free = (free + 2) / 3;
        }
        return free - 1;
    }

    /** True if a canonical reader has something: a complete line, even an empty or EOF one. */
    boolean lineReady() {
        return canonHead != tail;
    }

    /**
     * Non-canonical read: moves up to {@code len} bytes out; returns how many.
     */
    int copyRaw(byte[] b, int off, int len) {
        int n = Math.min(len, count());
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) at(tail + i);
        }
        tail += n;
        return n;
    }

    /**
     * Canonical read: moves out at most one line, at most {@code len} bytes,
     * the line end included unless it is an EOF mark. A line longer than
     * {@code len} is left for the next read; if all that is left of it is an
     * EOF mark, the mark is consumed now, so that the next read does not
     * return 0 for a line it already delivered (Linux's canon_skip_eof).
     *
     * @return bytes copied; 0 for an EOF mark at the start of a line
     */
    int copyLine(byte[] b, int off, int len) {
        int n = (int) Math.min(len, canonHead - tail);
        int end = -1;
        for (int i = 0; i < n; i++) {
            if (lineEnd[(int) ((tail + i) & MASK)]) {
                end = i;
                break;
            }
        }
        int copy;
        int consume;
        if (end >= 0) {
            consume = end + 1;
            copy = at(tail + end) == EOF_MARK ? end : end + 1;
            lineEnd[(int) ((tail + end) & MASK)] = false;
        } else {
            copy = consume = n;
        }
        for (int i = 0; i < copy; i++) {
            b[off + i] = (byte) at(tail + i);
        }
        tail += consume;
        if (end < 0) {
            skipEofMark();
        }
        return copy;
    }

    private void skipEofMark() {
        if (tail != canonHead && lineEnd[(int) (tail & MASK)] && at(tail) == EOF_MARK) {
            lineEnd[(int) (tail & MASK)] = false;
            tail++;
        }
    }

    /**
     * TIOCINQ/FIONREAD in canonical mode: the bytes of complete lines, EOF
     * marks not counted; the line being edited is not counted either.
     */
    int canonicalAvailable() {
        int n = 0;
        for (long p = tail; p != canonHead; p++) {
            if (!(lineEnd[(int) (p & MASK)] && at(p) == EOF_MARK)) {
                n++;
            }
        }
        return n;
    }

    /**
     * ICANON was switched. Line marks are forgotten; switching to canonical
     * mode with bytes pending makes them one complete line (whatever its last
     * byte), so a reader that was waiting for raw bytes still gets them.
     */
    void canonicalModeChanged(boolean canonical) {
        Arrays.fill(lineEnd, false);
        if (!canonical || count() == 0) {
            canonHead = tail;
        } else {
            lineEnd[(int) ((head - 1) & MASK)] = true;
            canonHead = head;
        }
    }

    void reset() {
        head = tail = canonHead = 0;
        Arrays.fill(lineEnd, false);
    }
}
