package dev.revoke.revokefs.sys;

import dev.revoke.revokefs.fuse.Fuse;
import dev.revoke.revokefs.fuse.stat;
import dev.revoke.revokefs.fuse.timespec;

import java.lang.foreign.MemorySegment;

/** What lstat(2) said about a real file, copied out of the native {@code struct stat}. */
public final class Stat {
    public long dev;
    public long ino;
    public long nlink;
    public int mode;
    public int uid;
    public int gid;
    public long rdev;
    public long size;
    public long blksize;
    public long blocks;
    public long atimeSec;
    public long atimeNsec;
    public long mtimeSec;
    public long mtimeNsec;
    public long ctimeSec;
    public long ctimeNsec;

    void fill(MemorySegment st) {
        dev = stat.st_dev(st);
        ino = stat.st_ino(st);
        nlink = stat.st_nlink(st);
        mode = stat.st_mode(st);
        uid = stat.st_uid(st);
        gid = stat.st_gid(st);
        rdev = stat.st_rdev(st);
        size = stat.st_size(st);
        blksize = stat.st_blksize(st);
        blocks = stat.st_blocks(st);
        MemorySegment t = stat.st_atim(st);
        atimeSec = timespec.tv_sec(t);
        atimeNsec = timespec.tv_nsec(t);
        t = stat.st_mtim(st);
        mtimeSec = timespec.tv_sec(t);
        mtimeNsec = timespec.tv_nsec(t);
        t = stat.st_ctim(st);
        ctimeSec = timespec.tv_sec(t);
        ctimeNsec = timespec.tv_nsec(t);
    }

    public int format() {
        return mode & Fuse.S_IFMT();
    }

    public boolean isDirectory() {
        return format() == Fuse.S_IFDIR();
    }

    public boolean isRegular() {
        return format() == Fuse.S_IFREG();
    }

    public boolean isSymlink() {
        return format() == Fuse.S_IFLNK();
    }
}
