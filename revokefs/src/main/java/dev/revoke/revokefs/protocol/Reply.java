package dev.revoke.revokefs.protocol;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a handler answers: an error ({@code -errno}, sent as the
 * {@code fuse_out_header}'s error with no body), or a body, or nothing at all
 * (FORGET and the other requests the kernel expects no reply to).
 */
public final class Reply {
    private static final MemorySegment EMPTY = MemorySegment.ofArray(new long[0]);

    /** No reply is sent. */
    public static final Reply NONE = new Reply(0, null);
    /** Success with an empty body. */
    public static final Reply OK = new Reply(0, EMPTY);

    private final int error;
    private final MemorySegment body;

    private Reply(int error, MemorySegment body) {
        this.error = error;
        this.body = body;
    }

    /** A failure; {@code negativeErrno} must be negative ({@code -ENOENT}). */
    public static Reply error(int negativeErrno) {
        if (negativeErrno >= 0) {
            throw new IllegalArgumentException("not a negative errno: " + negativeErrno);
        }
        return new Reply(negativeErrno, null);
    }

    /** A negative result becomes an error, anything else {@link #OK}. */
    public static Reply status(long result) {
        return result < 0 ? error((int) result) : OK;
    }

    public static Reply of(MemorySegment body) {
        return new Reply(0, body);
    }

    /** {@code len} bytes of data (a READ, READLINK or GETXATTR answer). */
    public static Reply data(byte[] b, int off, int len) {
        return new Reply(0, MemorySegment.ofArray(b).asSlice(off, len));
    }

    /** A zeroed, 8-byte aligned body of {@code size} bytes for the generated struct setters. */
    public static MemorySegment struct(long size) {
        return MemorySegment.ofArray(new long[(int) ((size + 7) / 8)]).asSlice(0, size);
    }

    public boolean isNone() {
        return body == null && error == 0;
    }

    public int error() {
        return error;
    }

    /** The body, empty for errors. */
    public MemorySegment body() {
        return body == null ? EMPTY : body;
    }

    public byte[] bodyBytes() {
        return body().toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public String toString() {
        return isNone() ? "no reply" : error != 0 ? "error " + error : body().byteSize() + " bytes";
    }
}
