package dev.revoke.revokefs.protocol;

import dev.revoke.revokefs.fuse.fuse_in_header;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * One request read from /dev/fuse: the {@code fuse_in_header} and the
 * opcode's argument bytes after it. The bytes are copied out of the
 * reader's buffer into an 8-byte aligned heap segment, so the request can
 * be handed to another thread and the generated struct accessors (whose
 * layouts are naturally aligned) work on it.
 */
public final class Request {
    public static final long HEADER_SIZE = fuse_in_header.sizeof();

    private final MemorySegment bytes;
    private final int opcode;
    private final long unique;
    private final long nodeId;
    private final int uid;
    private final int gid;
    private final int pid;

    private Request(MemorySegment bytes) {
        this.bytes = bytes;
        this.opcode = fuse_in_header.opcode(bytes);
        this.unique = fuse_in_header.unique(bytes);
        this.nodeId = fuse_in_header.nodeid(bytes);
        this.uid = fuse_in_header.uid(bytes);
        this.gid = fuse_in_header.gid(bytes);
        this.pid = fuse_in_header.pid(bytes);
    }

    /**
     * Copies {@code length} bytes read from the device.
     *
     * @throws ProtocolException if they are shorter than a header or than the header's own length
     */
    public static Request copyOf(MemorySegment buffer, long length) {
        if (length < HEADER_SIZE) {
            throw new ProtocolException("short read from /dev/fuse: " + length + " bytes");
        }
        MemorySegment copy = MemorySegment.ofArray(new long[(int) ((length + 7) / 8)]).asSlice(0, length);
        MemorySegment.copy(buffer, 0, copy, 0, length);
        long declared = Integer.toUnsignedLong(fuse_in_header.len(copy));
        if (declared != length) {
            throw new ProtocolException("request length " + declared + " but " + length + " bytes read");
        }
        return new Request(copy);
    }

    /** A request built in memory (tests): header fields and a body. */
    public static Request of(int opcode, long unique, long nodeId, int uid, int gid, int pid, byte[] body) {
        long length = HEADER_SIZE + body.length;
        MemorySegment seg = MemorySegment.ofArray(new long[(int) ((length + 7) / 8)]).asSlice(0, length);
        fuse_in_header.len(seg, (int) length);
        fuse_in_header.opcode(seg, opcode);
        fuse_in_header.unique(seg, unique);
        fuse_in_header.nodeid(seg, nodeId);
        fuse_in_header.uid(seg, uid);
        fuse_in_header.gid(seg, gid);
        fuse_in_header.pid(seg, pid);
        MemorySegment.copy(body, 0, seg, ValueLayout.JAVA_BYTE, HEADER_SIZE, body.length);
        return new Request(seg);
    }

    public int opcode() {
        return opcode;
    }

    public long unique() {
        return unique;
    }

    public long nodeId() {
        return nodeId;
    }

    /** The calling process's fsuid, fsgid and tgid, as the kernel filled them in. */
    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    public int pid() {
        return pid;
    }

    /** The argument bytes after the header. */
    public MemorySegment body() {
        return bytes.asSlice(HEADER_SIZE);
    }

    public long bodySize() {
        return bytes.byteSize() - HEADER_SIZE;
    }

    /**
     * The body as the struct {@code layoutSize} bytes long that the opcode
     * carries first; throws {@link ProtocolException} if the body is shorter.
     */
    public MemorySegment arg(long layoutSize) {
        if (bodySize() < layoutSize) {
            throw new ProtocolException(Opcodes.name(opcode) + ": argument of " + bodySize()
                    + " bytes, expected " + layoutSize);
        }
        return body();
    }

    /** The NUL-terminated string at {@code offset} in the body. */
    public String string(long offset) {
        MemorySegment body = body();
        long end = offset;
        long size = body.byteSize();
        while (end < size && body.get(ValueLayout.JAVA_BYTE, end) != 0) {
            end++;
        }
        if (end == size) {
            throw new ProtocolException(Opcodes.name(opcode) + ": unterminated name");
        }
        byte[] b = body.asSlice(offset, end - offset).toArray(ValueLayout.JAVA_BYTE);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Offset just past the NUL ending the string at {@code offset}. */
    public long afterString(long offset) {
        MemorySegment body = body();
        long end = offset;
        while (body.get(ValueLayout.JAVA_BYTE, end) != 0) {
            end++;
        }
        return end + 1;
    }

    /** {@code n} raw bytes of the body from {@code offset}. */
    public byte[] bytes(long offset, long n) {
        if (offset + n > bodySize()) {
            throw new ProtocolException(Opcodes.name(opcode) + ": " + n + " bytes at " + offset
                    + " overrun a body of " + bodySize());
        }
        return body().asSlice(offset, n).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public String toString() {
        return Opcodes.name(opcode) + "#" + unique + "(node " + nodeId + ", uid " + uid + ", pid " + pid + ")";
    }
}
