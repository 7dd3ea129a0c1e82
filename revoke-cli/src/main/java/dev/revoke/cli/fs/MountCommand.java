package dev.revoke.cli.fs;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.VersionProvider;
import dev.revoke.panama.Sys;
import dev.revoke.revokefs.MountTable;
import dev.revoke.revokefs.RevokeFs;
import dev.revoke.revokefs.RevokeFsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code revoke mount DIR [--source SRC]}: serves revokefs at DIR in the
 * foreground, until it is unmounted ({@code revoke umount DIR}, umount(8))
 * or the JVM is told to stop (SIGINT, SIGTERM: a shutdown hook unmounts).
 * While it runs, {@code revoke DIR/...} revokes files of the mount for
 * every process holding them.
 *
 * <p>Errors print as {@code revoke: DIR: reason} (or {@code revoke: SRC:
 * reason} for the source), exit 1: not root, no /dev/fuse, a missing,
 * non-empty or already mounted DIR, a missing SRC. What the environment
 * lacks is checked first, each with the way out.
 */
@Command(name = "mount", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Serve revokefs at DIR in the foreground: the emulated kernel's namespace through FUSE, where every "
                + "file is revocable with 'revoke DIR/...'.",
                "DIR/proc is the emulated /proc, DIR/dev the emulated devices (dev/ttyF0 is a serial line), "
                        + "and with --source, DIR/src is SRC, read and written through.",
                "Runs until unmounted ('revoke umount DIR') or stopped (Ctrl-C, SIGTERM), and then unmounts. Needs root."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:served, then unmounted by 'revoke umount DIR' or umount(8)",
                "1:could not mount: not root, no /dev/fuse, DIR missing, not empty or already a mount point, SRC missing",
                "2:usage error",
                "130:stopped by SIGINT (Ctrl-C), after unmounting",
                "143:stopped by SIGTERM, after unmounting"})
public final class MountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "An empty directory to mount on.")
    String dir;

    @Option(names = "--source", paramLabel = "SRC", description = "A directory to serve (read and written through) at DIR/src.")
    String source;

    private static final Path DEV_FUSE = Path.of("/dev/fuse");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> lacking = environmentProblem(Sys.geteuid(), DEV_FUSE);
        if (lacking.isPresent()) {
            err.println("revoke: " + dir + ": " + lacking.get());
            return ExitCodes.FAILED;
        }
        if (source != null) {
            Optional<String> bad = sourceProblem(Path.of(source));
            if (bad.isPresent()) {
                err.println("revoke: " + source + ": " + bad.get());
                return ExitCodes.FAILED;
            }
        }
        RevokeFs fs;
        try {
            fs = RevokeFs.mount(Path.of(dir), Optional.ofNullable(source).map(Path::of));
        } catch (RevokeFsException e) {
            err.println("revoke: " + dir + ": " + mountFailure(Path.of(dir), e));
            return ExitCodes.FAILED;
        }
        AtomicBoolean reported = new AtomicBoolean();
        Runnable unmount = () -> {
            fs.close();
            if (reported.compareAndSet(false, true)) {
                out.println(fs.mountPoint() + ": unmounted");
                out.flush();
            }
        };
        Thread hook = new Thread(unmount, "revoke-mount-unmount");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("revokefs mounted at " + fs.mountPoint() + ": proc/ is the emulated /proc, dev/ the emulated devices"
                    + (source == null ? "" : ", src/ is " + Path.of(source).toAbsolutePath().normalize()));
            out.println("revoke a file for every process holding it: revoke " + fs.mountPoint() + "/"
                    + (source == null ? "proc/kmsg" : "src/FILE"));
            out.println("stop: Ctrl-C, kill " + ProcessHandle.current().pid() + ", or revoke umount " + fs.mountPoint());
            out.flush();
            fs.serve();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // asked to stop (in-process use): unmount below
        } finally {
            unmount.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it unmounted
            }
        }
        return ExitCodes.OK;
    }

    /**
     * What stops any mount here, with the way out: not root (mount(2) of a
     * FUSE filesystem needs CAP_SYS_ADMIN; revokefs has no fusermount
     * helper), or no /dev/fuse.
     */
    static Optional<String> environmentProblem(int euid, Path devFuse) {
        if (euid != 0) {
            return Optional.of("mounting revokefs needs root (it mounts with mount(2), which needs CAP_SYS_ADMIN;"
                    + " euid is " + euid + "): run revoke mount as root");
        }
        if (!Files.exists(devFuse)) {
            return Optional.of(devFuse + " is missing: load the fuse module (modprobe fuse),"
                    + " or in a container pass the device through (docker run --device /dev/fuse --cap-add SYS_ADMIN)");
        }
        return Optional.empty();
    }

    static Optional<String> sourceProblem(Path src) {
        if (!Files.exists(src)) {
            return Optional.of("No such file or directory (the --source directory)");
        }
        if (!Files.isDirectory(src)) {
            return Optional.of("Not a directory (--source serves a directory)");
        }
        return Optional.empty();
    }

    /** RevokeFs.mount's refusal, said for this command. */
    static String mountFailure(Path dir, RevokeFsException e) {
        return switch (e.error() == null ? dev.revoke.panama.Errno.EIO : e.error()) {
            case ENOENT -> "No such file or directory: make the mount point first (mkdir " + dir + ")";
            case ENOTDIR -> "Not a directory: revokefs mounts on an empty directory";
            case ENOTEMPTY -> "Directory not empty: revokefs mounts only on an empty directory (it would hide what is there)";
            case EBUSY -> alreadyMounted(dir);
            case EPERM -> "Operation not permitted: mounting revokefs needs root (CAP_SYS_ADMIN)";
            default -> e.getMessage().startsWith("revokefs: ") ? e.getMessage().substring("revokefs: ".length()) : e.getMessage();
        };
    }

    private static String alreadyMounted(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        MountTable table = MountTable.read();
        Optional<MountTable.Mount> m = table.at(abs);
        if (m.isEmpty()) {
            try {
                m = table.at(abs.toRealPath());
            } catch (IOException ignored) {
                // a dead FUSE mount cannot be resolved; the table found it under the name given, or not at all
            }
        }
        if (m.isPresent() && m.get().isRevokeFs()) {
            return "already a mount point (" + RevokeFs.FS_TYPE + "): revokefs is served there already;"
                    + " unmount it first (revoke umount " + dir + ")";
        }
        return "already a mount point" + m.map(x -> " (" + x.type() + ")").orElse("")
                + ": revokefs mounts on a plain empty directory";
    }
}
