package dev.revoke.device;

import dev.revoke.kernel.CharDevice;
import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.Process;
import dev.revoke.panama.ErrnoException;
import dev.revoke.panama.Posix;
import dev.revoke.panama.Pty;
import dev.revoke.panama.Termios;
import dev.revoke.vfs.DeviceNumber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An emulated kernel with {@code /dev/ttyR0} leading to a real pty: the
 * driver opens the pty's slave for every emulated open, the test keeps the
 * master (and one slave descriptor, so the pty stays configured). The slave
 * is raw, so bytes cross unchanged and nothing echoes.
 */
final class RealTty implements AutoCloseable {
    static final String NODE = "/dev/ttyR0";
    private static int nextMinor;

    final Pty pty;
    final Kernel kernel;
    final RealFdDriver driver;
    final CharDevice device;
    final DeviceNumber number;
    final Process process;

    RealTty() throws ErrnoException {
        this(new Kernel(), NODE);
    }

    /** Another device in {@code kernel}, with its own pty, node and process. */
    RealTty(Kernel kernel, String node) throws ErrnoException {
        this.kernel = kernel;
        pty = Pty.open();
        Termios.makeRaw(pty.slave().raw());
        driver = RealFdDriver.opening(pty.slavePath(), RealFdDriver.Kind.TTY);
        synchronized (RealTty.class) {
            number = new DeviceNumber(240, nextMinor++);
        }
        device = kernel.registerCharDevice(number, driver);
        assertEquals(0, kernel.mknod(node, 0666, 0, number));
        process = kernel.spawn("getty", 0);
    }

    int master() {
        return pty.master().raw();
    }

    /** Opens {@code path} in the emulated process; fails the test on an error. */
    int open(String path, int flags) {
        int fd = process.open(path, flags);
        assertTrue(fd >= 0, "open " + path + ": " + fd);
        return fd;
    }

    /** The emulated process exits (closing every descriptor), then the pty closes. */
    @Override
    public void close() {
        try {
            if (!process.hasExited()) {
                process.exit(0);
            }
            assertEquals(0, driver.liveFiles(), "real descriptors still open after every emulated file is gone");
            assertEquals(driver.realFdsOpened(), driver.realFdsClosed());
        } finally {
            pty.close();
        }
    }

    static void writeMaster(int master, String s) throws ErrnoException {
        byte[] b = Io.bytes(s);
        Posix.writeFully(master, b, 0, b.length);
    }
}
