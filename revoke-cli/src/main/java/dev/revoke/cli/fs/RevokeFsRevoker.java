package dev.revoke.cli.fs;

import dev.revoke.cli.holders.FileIdentity;
import dev.revoke.cli.holders.HolderScan;
import dev.revoke.cli.terminal.IoErrno;
import dev.revoke.cli.terminal.PathResult;
import dev.revoke.cli.terminal.PathResult.Route;
import dev.revoke.cli.terminal.PathResult.Status;
import dev.revoke.panama.Errno;
import dev.revoke.panama.Sys;
import dev.revoke.revokefs.MountTable;
import dev.revoke.revokefs.RevokeFs;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code revoke PATH} for a file inside a revokefs mount: the real
 * revoke(2) the project offers real processes. The daemon serving the mount
 * revokes the file in its emulated kernel ({@link RevokeFs#revokePath}, a
 * setxattr of {@code user.revoke}, from this or any process): every
 * descriptor of it, in every process, fails reads and writes with EIO from
 * then on, reads asleep in it return at once, and the call returns once
 * every open file of it has been released.
 *
 * <p>Order: stat (the kernel's errno, as for terminals), directories
 * refused (exit 3), holders listed (by device and inode, as fuser), then
 * the revoke, unless a dry run. The daemon's refusals become messages that
 * say why: EPERM (not the owner, or a permanent procfs entry), EACCES (no
 * write permission: the kernel's check for {@code user.*} attributes),
 * EINVAL (nothing revocable behind the name: refused).
 */
public final class RevokeFsRevoker {
    private final HolderScan scan = new HolderScan();

    /**
     * Is {@code path} (symlinks followed) inside a revokefs mount, so that
     * this is its route? False for a path that does not resolve (it then
     * takes the terminal route, which reports the errno).
     */
    public static boolean serves(String path) {
        try {
            return RevokeFs.serves(Path.of(path));
        } catch (InvalidPathException | IllegalStateException e) {
            return false;
        }
    }

    /** Revokes one file inside a revokefs mount, or with {@code dryRun} says what would be revoked. */
    public PathResult revoke(String path, boolean dryRun) {
        Path p = Path.of(path);
        FileIdentity id;
        try {
            id = FileIdentity.of(p);
        } catch (IOException e) {
            Errno err = IoErrno.ofPath(path, e);
            return result(path, null, null, null, Status.FAILED, err, err.description(), 0);
        }
        String mount = mountPointOf(p);
        if (id.isDirectory()) {
            return result(path, id, mount, null, Status.REFUSED, null,
                    "is a directory: revokefs revokes files, not directories (revoke the files in it)", 0);
        }
        HolderScan.Result holders = scanHolders(id);
        if (dryRun) {
            return result(path, id, mount, holders, Status.WOULD_REVOKE, null, null, 0);
        }
        RevokeFs.Result r = RevokeFs.revokePath(p);
        if (r.ok()) {
            return result(path, id, mount, holders, Status.REVOKED, null, null, r.nanos());
        }
        Errno err = Errno.of(-r.status());
        if (err == null) {
            return result(path, id, mount, holders, Status.FAILED, Errno.EIO, "errno " + -r.status(), 0);
        }
        return switch (err) {
            case EINVAL -> result(path, id, mount, holders, Status.REFUSED, err, NOT_REVOCABLE, 0);
            case EPERM -> result(path, id, mount, holders, Status.FAILED, err, err.description() + ": "
                    + (Sys.geteuid() == 0 || Sys.geteuid() == id.uid() ? PERMANENT : NOT_OWNER), 0);
            case EACCES -> result(path, id, mount, holders, Status.FAILED, err, err.description() + ": " + NO_WRITE, 0);
            default -> result(path, id, mount, holders, Status.FAILED, err, err.description(), 0);
        };
    }

    static final String NOT_REVOCABLE = "not revocable: revokefs has nothing to revoke behind this name"
            + " (source files under src/, procfs entries under proc/ and devices under dev/ are revocable)";
    static final String PERMANENT = "revokefs never revokes this file (a permanent procfs entry, such as proc/uptime or proc/version)";
    static final String NOT_OWNER = "only the file's owner or root may revoke it";
    static final String NO_WRITE = "revoking a revokefs file needs write permission on it (and to be its owner, or root)";

    private static String mountPointOf(Path p) {
        try {
            return MountTable.read().containing(p.toAbsolutePath().normalize().toRealPath())
                    .map(m -> m.mountPoint().toString()).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private HolderScan.Result scanHolders(FileIdentity id) {
        try {
            return scan.holdersOf(id);
        } catch (IOException e) {
            return null;
        }
    }

    private static PathResult result(String path, FileIdentity id, String mount, HolderScan.Result holders,
                                     Status status, Errno errno, String reason, long nanos) {
        return new PathResult(path, id, null, holders, status, errno, reason, nanos, Route.REVOKEFS, mount);
    }
}
