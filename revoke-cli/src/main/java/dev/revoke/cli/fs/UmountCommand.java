package dev.revoke.cli.fs;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.VersionProvider;
import dev.revoke.panama.Errno;
import dev.revoke.revokefs.MountTable;
import dev.revoke.revokefs.RevokeFs;
import dev.revoke.revokefs.RevokeFsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code revoke umount DIR}: detaches the revokefs mount at DIR
 * ({@link RevokeFs#umount}, MNT_DETACH), from any process. The daemon
 * ({@code revoke mount}) exits once the last file still open on the
 * detached mount is closed. Only revokefs mounts are touched: anything else
 * at DIR is refused, saying what it is.
 */
@Command(name = "umount", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Unmount the revokefs mount at DIR (lazily: files still open on it keep being served until they "
                + "are closed); the 'revoke mount' serving it then exits. Only revokefs mounts are unmounted."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:unmounted",
                "1:DIR is missing, not a mount point, or not a revokefs mount; or the unmount failed (not root)",
                "2:usage error"})
public final class UmountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Where revokefs is mounted.")
    String dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> refusal = refusal(Path.of(dir));
        if (refusal.isPresent()) {
            err.println("revoke: " + dir + ": " + refusal.get());
            return ExitCodes.FAILED;
        }
        try {
            RevokeFs.umount(Path.of(dir));
        } catch (RevokeFsException e) {
            err.println("revoke: " + dir + ": " + failure(e));
            return ExitCodes.FAILED;
        }
        out.println(dir + ": unmounted (files still open on it are served until closed; then 'revoke mount' exits)");
        return ExitCodes.OK;
    }

    /** What makes DIR not something to unmount, said before anything is done; empty if DIR is a revokefs mount point. */
    static Optional<String> refusal(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        MountTable table = MountTable.read();
        Optional<MountTable.Mount> m = table.at(abs);
        if (m.isEmpty()) {
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(Errno.ENOENT.description());
            }
            try {
                m = table.at(abs.toRealPath());
            } catch (IOException e) {
                return Optional.empty(); // let RevokeFs.umount say what it is
            }
        }
        if (m.isEmpty()) {
            return Optional.of("not a mount point (nothing is mounted there)");
        }
        if (!m.get().isRevokeFs()) {
            return Optional.of("not a revokefs mount (" + m.get().type() + "): revoke umount unmounts only revokefs;"
                    + " use umount(8)");
        }
        return Optional.empty();
    }

    private static String failure(RevokeFsException e) {
        if (e.error() == Errno.EPERM) {
            return Errno.EPERM.description() + ": unmounting needs root; or stop the 'revoke mount' serving it (Ctrl-C, kill)";
        }
        String m = e.getMessage();
        int colon = m.indexOf(": ", m.indexOf("umount "));
        return colon >= 0 ? m.substring(colon + 2) : m;
    }
}
