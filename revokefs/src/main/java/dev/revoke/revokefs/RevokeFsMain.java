package dev.revoke.revokefs;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line, for the CLI module to wrap:
 * <pre>
 * RevokeFsMain mount DIR [--source SRC]   serve DIR in the foreground until unmounted or signalled
 * RevokeFsMain umount DIR                 detach the revokefs mount at DIR
 * RevokeFsMain revoke PATH...             revoke(2) files inside revokefs mounts
 * </pre>
 * Exit status: 0, 1 on failure (the message on stderr), 2 on bad usage.
 * SIGINT and SIGTERM unmount (a shutdown hook) before the JVM exits.
 */
public final class RevokeFsMain {
    static final String USAGE = """
            usage: revokefs mount DIR [--source SRC]
                   revokefs umount DIR
                   revokefs revoke PATH...""";

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args) {
        if (args.length < 2) {
            System.err.println(USAGE);
            return 2;
        }
        try {
            switch (args[0]) {
                case "mount" -> {
                    Optional<Path> source = Optional.empty();
                    if (args.length == 4 && args[2].equals("--source")) {
                        source = Optional.of(Path.of(args[3]));
                    } else if (args.length != 2) {
                        System.err.println(USAGE);
                        return 2;
                    }
                    RevokeFs fs = RevokeFs.mount(Path.of(args[1]), source);
                    Runtime.getRuntime().addShutdownHook(new Thread(fs::close, "revokefs-unmount"));
                    System.err.println("revokefs: serving " + fs.mountPoint()
                            + source.map(s -> " (source " + s + " at " + RevokeFs.SOURCE_DIR + "/)").orElse(""));
                    fs.serve();
                    return 0;
                }
                case "umount" -> {
                    if (args.length != 2) {
                        System.err.println(USAGE);
                        return 2;
                    }
                    RevokeFs.umount(Path.of(args[1]));
                    return 0;
                }
                case "revoke" -> {
                    int status = 0;
                    for (int i = 1; i < args.length; i++) {
                        RevokeFs.Result r = RevokeFs.revokePath(Path.of(args[i]));
                        if (!r.ok()) {
                            System.err.println(r.message());
                            status = 1;
                        }
                    }
                    return status;
                }
                default -> {
                    System.err.println(USAGE);
                    return 2;
                }
            }
        } catch (RevokeFsException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private RevokeFsMain() {}
}
