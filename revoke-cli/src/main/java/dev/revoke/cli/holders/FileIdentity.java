package dev.revoke.cli.holders;

import dev.revoke.vfs.Abi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a path names, as stat(2) tells it: its type and the identity two
 * paths share when they reach the same thing. A device is the same device
 * through any node carrying its number (/dev/console and /dev/tty1 are not;
 * /dev/pts/3 and a bind mount of it are), which is how fuser matches
 * device holders; any other file is the same file by device and inode.
 *
 * <p>Java has no stat(2) for st_rdev, but the JDK's "unix" attribute view
 * has it, with st_mode, st_dev and st_ino.
 */
public record FileIdentity(int mode, long rdev, long dev, long ino, int uid) {

    /** stat(2), following symbolic links as open(2) does. */
    public static FileIdentity of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,rdev,dev,ino,uid");
        return new FileIdentity((Integer) a.get("mode"), (Long) a.get("rdev"), (Long) a.get("dev"),
                (Long) a.get("ino"), (Integer) a.get("uid"));
    }

    public int type() {
        return mode & Abi.S_IFMT;
    }

    public boolean isCharDevice() {
        return type() == Abi.S_IFCHR;
    }

    public boolean isBlockDevice() {
        return type() == S_IFBLK;
    }

    public boolean isDirectory() {
        return type() == Abi.S_IFDIR;
    }

    /** Linux's {@code major()}: bits 8-19 and 32-43 of the device number. */
    public int major() {
        return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    }

    /** Linux's {@code minor()}: bits 0-7 and 20-31. */
    public int minor() {
        return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }

    /** {@code 136:3} */
    public String deviceNumber() {
        return major() + ":" + minor();
    }

    /** Same device (by number) or same file (by device and inode). */
    public boolean sameAs(FileIdentity other) {
        if (isCharDevice() || isBlockDevice()) {
            return other.type() == type() && other.rdev == rdev;
        }
        return other.dev == dev && other.ino == ino;
    }

    /** "character device", "directory", "regular file"... as stat(1) says it. */
    public String typeName() {
        return switch (type()) {
            case Abi.S_IFCHR -> "character device";
            case S_IFBLK -> "block device";
            case Abi.S_IFDIR -> "directory";
            case Abi.S_IFREG -> "regular file";
            case Abi.S_IFLNK -> "symbolic link";
            case S_IFIFO -> "fifo";
            case S_IFSOCK -> "socket";
            default -> "file of type 0" + Integer.toOctalString(type());
        };
    }

    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;
}
