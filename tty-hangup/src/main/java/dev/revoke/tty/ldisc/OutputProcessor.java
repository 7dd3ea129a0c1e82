package dev.revoke.tty.ldisc;

import dev.revoke.tty.Termios;

import java.nio.charset.StandardCharsets;

import static dev.revoke.tty.Termios.IUTF8;
import static dev.revoke.tty.Termios.OCRNL;
import static dev.revoke.tty.Termios.OLCUC;
import static dev.revoke.tty.Termios.ONLCR;
import static dev.revoke.tty.Termios.ONLRET;
import static dev.revoke.tty.Termios.ONOCR;
import static dev.revoke.tty.Termios.OPOST;
import static dev.revoke.tty.Termios.TABDLY;
import static dev.revoke.tty.Termios.XTABS;

/**
 * The output half of the line discipline: OPOST processing of what programs
 * write (ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, XTABS) and of echoes, into the
 * output {@link ByteRing}, and the flow-control stop that holds both back.
 *
 * <p>It tracks the cursor column, because two things depend on it: where a
 * tab expands to, and how far to back up when a tab is erased. The column
 * is shared by program output and echoes, since both land on one screen;
 * {@code canonColumn} is the column where the line being edited began.
 *
 * <p>Nothing is ever half-written: a character that needs more room than
 * there is (a newline that becomes CR LF, an expanded tab, a {@code ^X}
 * echo) waits whole for the driver to drain the queue. Guarded by the line
 * discipline's lock.
 */
final class OutputProcessor {
    private static final byte[] SPACES = "        ".getBytes(StandardCharsets.US_ASCII);

    private final ByteRing queue;
    private Termios termios;
    private int column;
    private int canonColumn;
    /** Stopped by the STOP character (IXON) or by tcflow(TCOOFF). */
    private boolean stopped;
    /** Stopped by tcflow(TCOOFF): only TCOON restarts it, not START or IXANY. */
    private boolean tcoStopped;

    OutputProcessor(ByteRing queue, Termios termios) {
        this.queue = queue;
        this.termios = termios;
    }

    void termios(Termios t) {
        termios = t;
    }

    ByteRing queue() {
        return queue;
    }

    /** Room a writer may use now: none while output is stopped. */
    int space() {
        return stopped ? 0 : queue.room();
    }

    boolean isStopped() {
        return stopped;
    }

    boolean isTcoStopped() {
        return tcoStopped;
    }

    void stop() {
        stopped = true;
    }

    /** Restarts output stopped by the STOP character; tcflow's stop outlasts it. */
    void start() {
        if (!tcoStopped) {
            stopped = false;
        }
    }

    void tcoOff() {
        if (!tcoStopped) {
            tcoStopped = true;
            stopped = true;
        }
    }

    void tcoOn() {
        if (tcoStopped) {
            tcoStopped = false;
            stopped = false;
        }
    }

    /**
     * Writes what it can of {@code b[off, off+len)}, stopping at the first
     * character there is no room for. Returns how many input bytes were
     * consumed (a CR dropped by ONOCR counts as consumed).
     */
    int write(byte[] b, int off, int len) {
        if (!termios.output(OPOST)) {
            int n = Math.min(len, space());
            queue.put(b, off, n);
            return n;
        }
        int done = 0;
        while (done < len) {
            done += writePlainRun(b, off + done, len - done);
            if (done == len || emit(b[off + done] & 0xff, space()) < 0) {
                break;
            }
            done++;
        }
        return done;
    }

    /**
     * Copies the leading run of characters that need no more than column
     * bookkeeping, up to the room there is; returns its length. Stops before
     * any character {@link #emit} must handle on its own.
     */
    private int writePlainRun(byte[] b, int off, int len) {
        int n = Math.min(len, space());
        int i = 0;
        scan:
        for (; i < n; i++) {
            int c = b[off + i] & 0xff;
            switch (c) {
                case '\n' -> {
                    if (termios.output(ONLRET)) {
                        column = 0;
                    }
                    if (termios.output(ONLCR)) {
                        break scan;
                    }
                    canonColumn = column;
                }
                case '\r' -> {
                    if ((termios.output(ONOCR) && column == 0) || termios.output(OCRNL)) {
                        break scan;
                    }
                    canonColumn = column = 0;
                }
                case '\t' -> {
                    break scan;
                }
                case '\b' -> {
                    if (column > 0) {
                        column--;
                    }
                }
                default -> {
                    if (!KernelCtype.isControl(c)) {
                        if (termios.output(OLCUC)) {
                            break scan;
                        }
                        if (!isContinuation(c)) {
                            column++;
                        }
                    }
                }
            }
        }
        queue.put(b, off, i);
        return i;
    }

    /**
     * One character with output processing: returns the bytes it took in
     * the queue (0 for a CR that ONOCR drops), or -1 if {@code space} is too
     * small and nothing was written.
     */
    int emit(int c, int space) {
        if (space == 0) {
            return -1;
        }
        switch (c) {
            case '\n' -> {
                if (termios.output(ONLRET)) {
                    column = 0;
                }
                if (termios.output(ONLCR)) {
                    if (space < 2) {
                        return -1;
                    }
                    canonColumn = column = 0;
                    queue.put('\r');
                    queue.put('\n');
                    return 2;
                }
                canonColumn = column;
            }
            case '\r' -> {
                if (termios.output(ONOCR) && column == 0) {
                    return 0;
                }
                if (termios.output(OCRNL)) {
                    c = '\n';
                    if (termios.output(ONLRET)) {
                        canonColumn = column = 0;
                    }
                } else {
                    canonColumn = column = 0;
                }
            }
            case '\t' -> {
                int spaces = 8 - (column & 7);
                if ((termios.oflag() & TABDLY) == XTABS) {
                    if (space < spaces) {
                        return -1;
                    }
                    column += spaces;
                    queue.put(SPACES, 0, spaces);
                    return spaces;
                }
                column += spaces;
            }
            case '\b' -> {
                if (column > 0) {
                    column--;
                }
            }
            default -> {
                if (!KernelCtype.isControl(c)) {
                    if (termios.output(OLCUC)) {
                        c = KernelCtype.toUpper(c);
                    }
                    if (!isContinuation(c)) {
                        column++;
                    }
                }
            }
        }
        queue.put(c);
        return 1;
    }

    /**
     * Writes queued echoes until the queue is full or stopped, applying their
     * column operations as they go out; then drops the oldest if too many
     * are still waiting.
     */
    void flushEchoes(EchoBuffer echoes) {
        int space = space();
        while (!echoes.isEmpty()) {
            int e = echoes.peek();
            int used = echo(e, space);
            if (used < 0) {
                break;
            }
            space -= used;
            echoes.pop();
        }
        echoes.discardOverflow();
    }

    /** One echo entry: bytes used, or -1 if there is no room for it. */
    private int echo(int e, int space) {
        int c = e & 0xff;
        switch (e & EchoBuffer.TAG) {
            case 0 -> {
                if (termios.output(OPOST)) {
                    return emit(c, space);
                }
                if (space == 0) {
                    return -1;
                }
                queue.put(c);
                return 1;
            }
            case EchoBuffer.CONTROL -> {
                if (space < 2) {
                    return -1;
                }
                queue.put('^');
                queue.put(c ^ 0x40);
                column += 2;
                return 2;
            }
            case EchoBuffer.MOVE_BACK_COLUMN -> {
                if (column > 0) {
                    column--;
                }
                return 0;
            }
            case EchoBuffer.SET_CANON_COLUMN -> {
                canonColumn = column;
                return 0;
            }
            case EchoBuffer.ERASE_TAB -> {
                int used = e & 7;
                if ((e & EchoBuffer.ERASE_TAB_AFTER_TAB) == 0) {
                    used += canonColumn;
                }
                int backspaces = 8 - (used & 7);
                if (backspaces > space) {
                    return -1;
                }
                for (int i = 0; i < backspaces; i++) {
                    queue.put('\b');
                    if (column > 0) {
                        column--;
                    }
                }
                return backspaces;
            }
            case EchoBuffer.LITERAL -> {
                if (space == 0) {
                    return -1;
                }
                queue.put(c);
                column++;
                return 1;
            }
            default -> throw new IllegalStateException("echo entry 0x" + Integer.toHexString(e));
        }
    }

    /** The room the next byte of output would need: 2 for an ONLCR newline, up to 8 for an expanded tab. */
    int spaceNeeded(int c) {
        if (!termios.output(OPOST)) {
            return 1;
        }
        if (c == '\n' && termios.output(ONLCR)) {
            return 2;
        }
        if (c == '\t' && (termios.oflag() & TABDLY) == XTABS) {
            return 8 - (column & 7);
        }
        return 1;
    }

    private boolean isContinuation(int c) {
        return termios.input(IUTF8) && KernelCtype.isUtf8Continuation(c);
    }
}
