package dev.revoke.cli.terminal;

import dev.revoke.cli.holders.FileIdentity;
import dev.revoke.cli.holders.HolderScan;
import dev.revoke.cli.terminal.PathResult.Status;
import dev.revoke.panama.Errno;
import dev.revoke.panama.Sys;
import dev.revoke.panama.libc.Libc;
import dev.revoke.panama.libc.termios;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Optional;

/**
 * BSD revoke(2) on the real machine, as far as Linux goes: a terminal is
 * hung up with {@code ioctl(TIOCVHANGUP)}, after which every process
 * holding it reads end-of-file and fails writes with EIO (and a session
 * whose controlling terminal it was gets SIGHUP). Anything else is refused,
 * saying why: Linux has no revoke for other files (files inside a revokefs
 * mount never get here: {@code revoke PATH} sends them to
 * {@link dev.revoke.cli.fs.RevokeFsRevoker}; a regular file's refusal says
 * how to serve it through revokefs).
 *
 * <p>Order of the checks, each with its own message: stat (ENOENT, EACCES
 * on the way), type (directories and regular files refused), the kernel's
 * tty driver table (a character device that is not a terminal is refused
 * without being opened), the holders scan, then open with
 * O_RDWR|O_NOCTTY|O_NONBLOCK (EACCES for a non-owner), TCGETS (a device
 * that is not a terminal after all: ENOTTY, refused), and TIOCVHANGUP
 * (EPERM without CAP_SYS_ADMIN).
 */
public final class TerminalRevoker {
    static final String WHY = "Linux can only revoke terminals (by hanging them up with TIOCVHANGUP)";
    /** For regular files: the other route, a file served by revokefs. */
    static final String FILE_HINT = "serve the file through revokefs ('revoke mount DIR --source SRC') to make it revocable";
    /** For directories: their files, served by revokefs. */
    static final String DIR_HINT = "serve it through revokefs ('revoke mount DIR --source SRC') to make the files in it revocable";
    static final String NEEDS_CAP = "TIOCVHANGUP needs CAP_SYS_ADMIN: run as root or grant CAP_SYS_ADMIN";

    /** /dev/tty and /dev/ptmx: terminals by number, but not a terminal one could mean. */
    private static final int TTYAUX_MAJOR = 5;

    private final HolderScan scan = new HolderScan();
    private final Optional<TtyDriverTable> drivers = TtyDriverTable.read();

    /** Revokes one path, or with {@code dryRun} says what it would do. */
    public PathResult revoke(String path, boolean dryRun) {
        FileIdentity id;
        try {
            id = FileIdentity.of(Path.of(path));
        } catch (IOException | RuntimeException e) {
            Errno err = e instanceof IOException io ? IoErrno.ofPath(path, io) : Errno.EINVAL;
            return failed(path, null, null, null, err, err.description());
        }
        Optional<String> refusal = refusal(id);
        String driver = drivers.flatMap(t -> t.find(id.major(), id.minor())).map(TtyDriverTable.Driver::name).orElse(null);
        if (refusal.isPresent()) {
            return new PathResult(path, id, driver, null, Status.REFUSED, null, refusal.get(), 0);
        }
        HolderScan.Result holders = scanHolders(id);
        if (dryRun && driver != null) {
            return new PathResult(path, id, driver, holders, Status.WOULD_REVOKE, null, null, 0);
        }
        return hangup(path, id, driver, holders, dryRun);
    }

    /** Lists who holds {@code path}; any file will do. */
    public HolderScan.Result holders(FileIdentity id) throws IOException {
        return scan.holdersOf(id);
    }

    private Optional<String> refusal(FileIdentity id) {
        if (id.isDirectory()) {
            return Optional.of("is a directory, not a terminal: " + WHY + "; " + DIR_HINT);
        }
        if (id.type() == dev.revoke.vfs.Abi.S_IFREG) {
            return Optional.of("not a terminal: " + WHY + "; " + FILE_HINT);
        }
        if (!id.isCharDevice()) {
            // fifos, sockets, block devices: revokefs does not serve them either
            return Optional.of("not a terminal (" + id.typeName() + "): " + WHY);
        }
        if (id.major() == TTYAUX_MAJOR && id.minor() == 0) {
            return Optional.of("/dev/tty (5:0) stands for the caller's own controlling terminal;"
                    + " name the terminal itself (tty(1) prints it)");
        }
        if (id.major() == TTYAUX_MAJOR && id.minor() == 2) {
            return Optional.of("the pty multiplexer (5:2): every open makes a new pty; name a pty, /dev/pts/N");
        }
        if (drivers.isPresent() && drivers.get().find(id.major(), id.minor()).isEmpty()) {
            return Optional.of("not a terminal (character device " + id.deviceNumber() + "): " + WHY);
        }
        return Optional.empty();
    }

    private HolderScan.Result scanHolders(FileIdentity id) {
        try {
            return scan.holdersOf(id);
        } catch (IOException e) {
            return null;
        }
    }

    /** open, TCGETS, TIOCVHANGUP (unless a dry run), close. */
    private PathResult hangup(String path, FileIdentity id, String driver, HolderScan.Result holders, boolean dryRun) {
        int fd = Sys.open(path, Libc.O_RDWR() | Libc.O_NOCTTY() | Libc.O_NONBLOCK() | Libc.O_CLOEXEC(), 0);
        if (fd < 0) {
            Errno err = Errno.of(-fd);
            return failed(path, id, driver, holders, err, err.description());
        }
        try {
            int r;
            try (Arena arena = Arena.ofConfined()) {
                r = Sys.tcgetattr(fd, termios.allocate(arena));
            }
            if (r < 0) {
                Errno err = Errno.of(-r);
                if (err == Errno.ENOTTY) {
                    return new PathResult(path, id, driver, holders, Status.REFUSED, err,
                            "not a terminal (character device " + id.deviceNumber() + ", TCGETS: ENOTTY): " + WHY, 0);
                }
                return failed(path, id, driver, holders, err, err.description());
            }
            if (dryRun) {
                return new PathResult(path, id, driver == null ? "tty" : driver, holders, Status.WOULD_REVOKE, null, null, 0);
            }
            long start = System.nanoTime();
            r = Sys.vhangup(fd);
            long took = System.nanoTime() - start;
            if (r < 0) {
                Errno err = Errno.of(-r);
                String why = err == Errno.EPERM ? err.description() + ": " + NEEDS_CAP : err.description();
                return failed(path, id, driver, holders, err, why);
            }
            return new PathResult(path, id, driver == null ? "tty" : driver, holders, Status.REVOKED, null, null, took);
        } finally {
            Sys.close(fd);
        }
    }

    private static PathResult failed(String path, FileIdentity id, String driver, HolderScan.Result holders, Errno err, String why) {
        return new PathResult(path, id, driver, holders, Status.FAILED, err, why, 0);
    }
}
