package dev.revoke.cli.emulation;

import dev.revoke.cli.text.Quote;
import dev.revoke.panama.Errno;
import dev.revoke.vfs.Abi;

/**
 * What one call returned, as strace would show it: a value or {@code -1
 * EIO (Input/output error)}, plus what came with it (the bytes of a read,
 * poll's revents, an ioctl's out-argument, a note such as a removal's
 * report). A call that threw instead of returning is a {@link #failure}:
 * not a system call result, a bug or a misuse (a dead process, say).
 */
public final class Outcome {
    public static final int NONE = Integer.MIN_VALUE;

    private final long value;
    private final byte[] data;
    private final int revents;
    private final int arg;
    private final String note;
    private final String failure;
    private final int released;

    private Outcome(long value, byte[] data, int revents, int arg, String note, String failure, int released) {
        this.value = value;
        this.data = data;
        this.revents = revents;
        this.arg = arg;
        this.note = note;
        this.failure = failure;
        this.released = released;
    }

    /** A kernel-style result: non-negative, or a negative errno. */
    public static Outcome of(long value) {
        return new Outcome(value, null, NONE, NONE, null, null, NONE);
    }

    /** The call threw instead of returning. */
    public static Outcome failed(String why) {
        return new Outcome(0, null, NONE, NONE, null, why, NONE);
    }

    public Outcome withData(byte[] bytes) {
        return new Outcome(value, bytes.clone(), revents, arg, note, failure, released);
    }

    public Outcome withRevents(int mask) {
        return new Outcome(value, data, mask, arg, note, failure, released);
    }

    public Outcome withArg(int out) {
        return new Outcome(value, data, revents, out, note, failure, released);
    }

    public Outcome withNote(String text) {
        return new Outcome(value, data, revents, arg, text, failure, released);
    }

    /** Files a revocation released (shown in the note; kept for checks), not rendered on its own. */
    public Outcome withReleased(int files) {
        return new Outcome(value, data, revents, arg, note, failure, files);
    }

    public long value() {
        return value;
    }

    /** The bytes a read returned; null if the call returns none. */
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    /** poll's revents, or {@link #NONE}. */
    public int revents() {
        return revents;
    }

    /** An ioctl's integer out-argument, or {@link #NONE}. */
    public int arg() {
        return arg;
    }

    /** Files released by a removal, or {@link #NONE}. */
    public int released() {
        return released;
    }

    public String failure() {
        return failure;
    }

    public boolean isFailure() {
        return failure != null;
    }

    public boolean isError() {
        return failure == null && value < 0;
    }

    /** The errno of an error result, or null. */
    public Errno errno() {
        return isError() ? Errno.of((int) -value) : null;
    }

    /** {@code = 3}, {@code = -1 EIO (Input/output error)}, with data, revents, out-argument and note. */
    public String render() {
        if (failure != null) {
            return "threw " + failure;
        }
        StringBuilder b = new StringBuilder("= ").append(result(value));
        if (data != null && value > 0) {
            b.append(' ').append(Quote.bytes(data));
        }
        if (revents != NONE) {
            b.append(" revents=").append(Abi.pollBits(revents));
        }
        if (arg != NONE && value >= 0) {
            b.append(" arg=").append(arg);
        }
        if (note != null) {
            b.append("  (").append(note).append(')');
        }
        return b.toString();
    }

    /** {@code 3}, or {@code -1 EIO (Input/output error)}. */
    public static String result(long value) {
        if (value >= 0) {
            return Long.toString(value);
        }
        Errno e = Errno.of((int) -value);
        return e == null ? Long.toString(value) : "-1 " + e.name() + " (" + e.description() + ")";
    }

    @Override
    public String toString() {
        return render();
    }
}
