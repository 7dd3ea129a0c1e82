package dev.revoke.revokefs.protocol;

import dev.revoke.revokefs.fuse.fuse_attr_out;
import dev.revoke.revokefs.fuse.fuse_entry_out;
import dev.revoke.revokefs.fuse.fuse_getxattr_out;
import dev.revoke.revokefs.fuse.fuse_kstatfs;
import dev.revoke.revokefs.fuse.fuse_open_out;
import dev.revoke.revokefs.fuse.fuse_poll_out;
import dev.revoke.revokefs.fuse.fuse_statfs_out;
import dev.revoke.revokefs.fuse.fuse_write_out;

import java.lang.foreign.MemorySegment;

/** Encoders for the reply bodies revokefs sends, each a generated struct filled in. */
public final class Replies {

    /** LOOKUP, MKDIR, SYMLINK, LINK, MKNOD: {@code fuse_entry_out}. */
    public static Reply entry(long nodeId, long generation, long entryValidNanos, long attrValidNanos, Attr attr) {
        MemorySegment b = Reply.struct(fuse_entry_out.sizeof());
        writeEntry(b, nodeId, generation, entryValidNanos, attrValidNanos, attr);
        return Reply.of(b);
    }

    private static void writeEntry(MemorySegment b, long nodeId, long generation, long entryValidNanos,
                                   long attrValidNanos, Attr attr) {
        fuse_entry_out.nodeid(b, nodeId);
        fuse_entry_out.generation(b, generation);
        fuse_entry_out.entry_valid(b, entryValidNanos / 1_000_000_000L);
        fuse_entry_out.entry_valid_nsec(b, (int) (entryValidNanos % 1_000_000_000L));
        fuse_entry_out.attr_valid(b, attrValidNanos / 1_000_000_000L);
        fuse_entry_out.attr_valid_nsec(b, (int) (attrValidNanos % 1_000_000_000L));
        attr.writeTo(fuse_entry_out.attr(b));
    }

    /**
     * A negative LOOKUP answer that the kernel may cache for
     * {@code entryValidNanos}: node id 0 with no error.
     */
    public static Reply negativeEntry(long entryValidNanos) {
        MemorySegment b = Reply.struct(fuse_entry_out.sizeof());
        fuse_entry_out.entry_valid(b, entryValidNanos / 1_000_000_000L);
        fuse_entry_out.entry_valid_nsec(b, (int) (entryValidNanos % 1_000_000_000L));
        return Reply.of(b);
    }

    /** GETATTR, SETATTR: {@code fuse_attr_out}. */
    public static Reply attr(long attrValidNanos, Attr attr) {
        MemorySegment b = Reply.struct(fuse_attr_out.sizeof());
        fuse_attr_out.attr_valid(b, attrValidNanos / 1_000_000_000L);
        fuse_attr_out.attr_valid_nsec(b, (int) (attrValidNanos % 1_000_000_000L));
        attr.writeTo(fuse_attr_out.attr(b));
        return Reply.of(b);
    }

    /** OPEN, OPENDIR: {@code fuse_open_out}. */
    public static Reply open(long fh, int openFlags) {
        MemorySegment b = Reply.struct(fuse_open_out.sizeof());
        fuse_open_out.fh(b, fh);
        fuse_open_out.open_flags(b, openFlags);
        return Reply.of(b);
    }

    /** CREATE: {@code fuse_entry_out} followed by {@code fuse_open_out}. */
    public static Reply create(long nodeId, long generation, long entryValidNanos, long attrValidNanos, Attr attr,
                               long fh, int openFlags) {
        long e = fuse_entry_out.sizeof();
        MemorySegment b = Reply.struct(e + fuse_open_out.sizeof());
        writeEntry(b, nodeId, generation, entryValidNanos, attrValidNanos, attr);
        MemorySegment o = b.asSlice(e);
        fuse_open_out.fh(o, fh);
        fuse_open_out.open_flags(o, openFlags);
        return Reply.of(b);
    }

    /** WRITE: {@code fuse_write_out}. */
    public static Reply written(int size) {
        MemorySegment b = Reply.struct(fuse_write_out.sizeof());
        fuse_write_out.size(b, size);
        return Reply.of(b);
    }

    /** GETXATTR/LISTXATTR asked with size 0: {@code fuse_getxattr_out}, the size the value would need. */
    public static Reply xattrSize(int size) {
        MemorySegment b = Reply.struct(fuse_getxattr_out.sizeof());
        fuse_getxattr_out.size(b, size);
        return Reply.of(b);
    }

    /** POLL: {@code fuse_poll_out}. */
    public static Reply poll(int revents) {
        MemorySegment b = Reply.struct(fuse_poll_out.sizeof());
        fuse_poll_out.revents(b, revents);
        return Reply.of(b);
    }

    /** STATFS: {@code fuse_statfs_out}. */
    public static Reply statfs(long blocks, long bfree, long bavail, long files, long ffree, int bsize,
                               int namelen, int frsize) {
        MemorySegment b = Reply.struct(fuse_statfs_out.sizeof());
        MemorySegment st = fuse_statfs_out.st(b);
        fuse_kstatfs.blocks(st, blocks);
        fuse_kstatfs.bfree(st, bfree);
        fuse_kstatfs.bavail(st, bavail);
        fuse_kstatfs.files(st, files);
        fuse_kstatfs.ffree(st, ffree);
        fuse_kstatfs.bsize(st, bsize);
        fuse_kstatfs.namelen(st, namelen);
        fuse_kstatfs.frsize(st, frsize);
        return Reply.of(b);
    }

    private Replies() {}
}
