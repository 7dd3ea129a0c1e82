package dev.revoke.vfs;

/**
 * The Linux x86_64/arm64 numbers the emulated kernel speaks: open flags,
 * poll bits, seek origins, ioctl requests. They are compile-time constants
 * so that filesystems can {@code switch} on them; {@code AbiTest} checks each
 * against the value jextract read from the real system headers.
 */
public final class Abi {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_ACCMODE = 03;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    /** {@code FASYNC}: SIGIO on readiness; turning it on or off calls the file's fasync. */
    public static final int O_ASYNC = 020000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;

    public static final short POLLIN = 0x001;
    public static final short POLLPRI = 0x002;
    public static final short POLLOUT = 0x004;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;
    public static final short POLLRDNORM = 0x040;
    public static final short POLLRDBAND = 0x080;
    public static final short POLLWRNORM = 0x100;
    /** What a file without a poll method reports: always readable and writable. */
    public static final int DEFAULT_POLLMASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int FD_CLOEXEC = 1;

    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;

    public static final int TCGETS = 0x5401;
    public static final int TCSETS = 0x5402;
    public static final int TCSETSW = 0x5403;
    public static final int TCSETSF = 0x5404;
    public static final int TIOCSCTTY = 0x540E;
    public static final int TIOCGPGRP = 0x540F;
    public static final int TIOCSPGRP = 0x5410;
    public static final int TIOCGWINSZ = 0x5413;
    public static final int TIOCSWINSZ = 0x5414;
    public static final int FIONREAD = 0x541B;
    public static final int TIOCINQ = FIONREAD;
    public static final int TIOCNOTTY = 0x5422;
    public static final int FIONBIO = 0x5421;
    public static final int TIOCGSID = 0x5429;
    public static final int TIOCVHANGUP = 0x5437;
    public static final int FIONCLEX = 0x5450;
    public static final int FIOCLEX = 0x5451;

    /** Longest path, including its terminating NUL. */
    public static final int PATH_MAX = 4096;
    /** Longest path component. */
    public static final int NAME_MAX = 255;

    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    /** Renders poll bits the way strace does: {@code POLLIN|POLLHUP}. */
    public static String pollBits(int mask) {
        if (mask == 0) {
            return "0";
        }
        StringBuilder b = new StringBuilder();
        String[] names = {"POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL", "POLLRDNORM", "POLLRDBAND", "POLLWRNORM"};
        for (int i = 0; i < names.length; i++) {
            if ((mask & (1 << i)) != 0) {
                b.append(b.isEmpty() ? "" : "|").append(names[i]);
            }
        }
        return b.toString();
    }

    private Abi() {}
}
