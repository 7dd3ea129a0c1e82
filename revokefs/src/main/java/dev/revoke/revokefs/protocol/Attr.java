package dev.revoke.revokefs.protocol;

import dev.revoke.revokefs.fuse.fuse_attr;

import java.lang.foreign.MemorySegment;

/**
 * A file's attributes as FUSE sends them ({@code struct fuse_attr}).
 * {@code mode} is the whole {@code st_mode}, type bits included.
 */
public record Attr(long ino, long size, long blocks,
                   long atime, int atimensec, long mtime, int mtimensec, long ctime, int ctimensec,
                   int mode, int nlink, int uid, int gid, int rdev, int blksize) {

    /** Writes this into {@code attr}, a {@code struct fuse_attr}. */
    public void writeTo(MemorySegment attr) {
        fuse_attr.ino(attr, ino);
        fuse_attr.size(attr, size);
        fuse_attr.blocks(attr, blocks);
        fuse_attr.atime(attr, atime);
        fuse_attr.mtime(attr, mtime);
        fuse_attr.ctime(attr, ctime);
        fuse_attr.atimensec(attr, atimensec);
        fuse_attr.mtimensec(attr, mtimensec);
        fuse_attr.ctimensec(attr, ctimensec);
        fuse_attr.mode(attr, mode);
        fuse_attr.nlink(attr, nlink);
        fuse_attr.uid(attr, uid);
        fuse_attr.gid(attr, gid);
        fuse_attr.rdev(attr, rdev);
        fuse_attr.blksize(attr, blksize);
        fuse_attr.flags(attr, 0);
    }

    public static Attr readFrom(MemorySegment attr) {
        return new Attr(fuse_attr.ino(attr), fuse_attr.size(attr), fuse_attr.blocks(attr),
                fuse_attr.atime(attr), fuse_attr.atimensec(attr), fuse_attr.mtime(attr), fuse_attr.mtimensec(attr),
                fuse_attr.ctime(attr), fuse_attr.ctimensec(attr), fuse_attr.mode(attr), fuse_attr.nlink(attr),
                fuse_attr.uid(attr), fuse_attr.gid(attr), fuse_attr.rdev(attr), fuse_attr.blksize(attr));
    }
}
