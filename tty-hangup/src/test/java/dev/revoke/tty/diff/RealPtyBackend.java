package dev.revoke.tty.diff;

import dev.revoke.panama.ErrnoException;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.Pty;
import dev.revoke.panama.Sys;
import dev.revoke.panama.Termios;
import dev.revoke.panama.libc.Libc;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A real pty pair. The master is non-blocking, so reading "what is there"
 * never hangs; the slave is opened twice, blocking and O_NONBLOCK, because
 * the bindings have no fcntl to switch one descriptor.
 *
 * <p>The kernel hands pty data to the other side in a worker thread, so a
 * write is followed by {@link #settle()} before anything is measured. (A
 * read or poll that finds nothing flushes that worker itself; FIONREAD does
 * not.)
 */
final class RealPtyBackend implements PtyBackend {
    private static final long SETTLE_MILLIS = 40;

    private final Pty pty;
    private NativeFd slave;
    private NativeFd slaveNonblocking;

    RealPtyBackend() throws ErrnoException {
        pty = Pty.open(Libc.O_NONBLOCK(), 0);
        slave = pty.slave();
        slaveNonblocking = pty.openSlave(Libc.O_RDWR() | Libc.O_NONBLOCK());
    }

    @Override
    public String name() {
        return "real " + pty.slavePath();
    }

    private int master() {
        return pty.master().raw();
    }

    private int slave(boolean nonblock) {
        return nonblock ? slaveNonblocking.raw() : slave.raw();
    }

    @Override
    public int masterWrite(byte[] data) {
        int done = 0;
        while (done < data.length) {
            int r = Sys.write(master(), data, done, data.length - done);
            if (r == -Libc.EAGAIN()) {
                Sys.poll(master(), Libc.POLLOUT(), 1000);
                continue;
            }
            if (r < 0) {
                return done > 0 ? done : r;
            }
            done += r;
        }
        return done;
    }

    @Override
    public byte[] masterReadAvailable() {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int r;
        while ((r = Sys.read(master(), buf, 0, buf.length)) > 0) {
            got.write(buf, 0, r);
        }
        return got.toByteArray();
    }

    @Override
    public IoResult slaveRead(int n, boolean nonblock) {
        byte[] buf = new byte[n];
        int r = Sys.read(slave(nonblock), buf, 0, n);
        return new IoResult(r, r > 0 ? Arrays.copyOf(buf, r) : new byte[0]);
    }

    @Override
    public int slaveWrite(byte[] data, boolean nonblock) {
        return Sys.write(slave(nonblock), data, 0, data.length);
    }

    @Override
    public int fionread() {
        return Sys.bytesAvailable(slave(false));
    }

    /** asm-generic ioctl numbers the generated bindings do not carry. */
    private static final long TCXONC = 0x540A;
    private static final long TCFLSH = 0x540B;
    private static final long TIOCOUTQ = 0x5411;

    @Override
    public int tcflush(int queueSelector) {
        return Sys.ioctl(slave(false), TCFLSH, queueSelector);
    }

    @Override
    public int tcflow(int action) {
        return Sys.ioctl(slave(false), TCXONC, action);
    }

    @Override
    public int outq() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(JAVA_INT);
            int r = Sys.ioctl(slave(false), TIOCOUTQ, n);
            return r < 0 ? r : n.get(JAVA_INT, 0);
        }
    }

    @Override
    public int poll(int events) {
        return Sys.poll(slave(false), events, 0);
    }

    @Override
    public void editTermios(Consumer<TermiosFields> edit) {
        try {
            Termios t = Termios.of(slave(false));
            edit.accept(new NativeFields(t));
            t.apply(slave(false));
        } catch (ErrnoException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int hangup() {
        return Sys.vhangup(slave(false));
    }

    @Override
    public IoResult masterRead() {
        byte[] buf = new byte[4096];
        int r = Sys.read(master(), buf, 0, buf.length);
        return new IoResult(r, r > 0 ? Arrays.copyOf(buf, r) : new byte[0]);
    }

    @Override
    public int pollBlocking(int events) {
        return Sys.poll(slave(false), events, -1);
    }

    @Override
    public String termiosFlags() {
        try {
            Termios t = Termios.of(slave(false));
            return TermiosFields.describe(t.iflag(), t.oflag(), t.cflag(), t.lflag());
        } catch (ErrnoException e) {
            return dev.revoke.panama.Errno.nameOf(e.errno());
        }
    }

    /** asm-generic TIOCGPGRP and TIOCSPGRP. */
    private static final long TIOCGPGRP = 0x540F;
    private static final long TIOCSPGRP = 0x5410;

    @Override
    public int tiocgpgrp() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment g = arena.allocate(JAVA_INT);
            int r = Sys.ioctl(slave(false), TIOCGPGRP, g);
            return r < 0 ? r : g.get(JAVA_INT, 0);
        }
    }

    /** With the caller's own group: the JVM's pid stands in for it (the slave is not its controlling tty either way). */
    @Override
    public int tiocspgrp() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment g = arena.allocate(JAVA_INT);
            g.set(JAVA_INT, 0, (int) ProcessHandle.current().pid());
            return Sys.ioctl(slave(false), TIOCSPGRP, g);
        }
    }

    @Override
    public int reopenSlave() {
        NativeFd a;
        NativeFd b;
        try {
            a = pty.openSlave(Libc.O_RDWR());
        } catch (ErrnoException e) {
            return -e.errno();
        }
        try {
            b = pty.openSlave(Libc.O_RDWR() | Libc.O_NONBLOCK());
        } catch (ErrnoException e) {
            a.close();
            return -e.errno();
        }
        closeSlave();
        slave = a;
        slaveNonblocking = b;
        return 0;
    }

    /**
     * Closes both slave descriptors. The first one belongs to the {@link Pty}
     * and is closed again (a no-op) with it.
     */
    @Override
    public int closeSlave() {
        slave.close();
        slaveNonblocking.close();
        return 0;
    }

    @Override
    public int setWinSize(int rows, int cols) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(8);
            ws.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) rows);
            ws.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 2, (short) cols);
            return Sys.setWinSize(slave(false), ws);
        }
    }

    @Override
    public String winSize() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(8);
            int r = Sys.getWinSize(slave(false), ws);
            return r < 0 ? dev.revoke.panama.Errno.nameOf(-r)
                    : ws.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 0) + "x" + ws.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 2);
        }
    }

    @Override
    public int masterHangup() {
        return Sys.vhangup(master());
    }

    @Override
    public int closeMaster() {
        pty.master().close();
        return 0;
    }

    /**
     * Waits for the kernel's flip-buffer worker. A zero-timeout poll of each
     * side runs that worker synchronously when the side has no input yet
     * (n_tty_poll flushes it before answering "nothing"); the sleep covers
     * the rest, such as a woken reader's thread getting to run.
     */
    @Override
    public void settle() {
        try {
            flushWorkers();
            Thread.sleep(SETTLE_MILLIS);
            flushWorkers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushWorkers() {
        if (!slave.isClosed()) {
            Sys.poll(slave(false), Libc.POLLIN(), 0);
        }
        if (!pty.master().isClosed()) {
            Sys.poll(master(), Libc.POLLIN(), 0);
        }
    }

    /**
     * Hangs the slave up, which wakes its blocked readers and writers: a
     * descriptor must not be closed under a thread still inside read(2) on
     * it. TIOCVHANGUP needs CAP_SYS_ADMIN; without it, closing the master
     * hangs the slave up just the same.
     */
    @Override
    public void wakeBlocked() {
        if (slave.isClosed() || Sys.vhangup(slave(false)) < 0) {
            pty.master().close();
        }
    }

    @Override
    public void close() {
        slave.close();
        slaveNonblocking.close();
        pty.close();
    }

    private record NativeFields(Termios t) implements TermiosFields {
        @Override
        public int iflag() {
            return t.iflag();
        }

        @Override
        public void iflag(int v) {
            t.iflag(v);
        }

        @Override
        public int oflag() {
            return t.oflag();
        }

        @Override
        public void oflag(int v) {
            t.oflag(v);
        }

        @Override
        public int lflag() {
            return t.lflag();
        }

        @Override
        public void lflag(int v) {
            t.lflag(v);
        }

        @Override
        public int cc(int index) {
            return t.cc(index);
        }

        @Override
        public void cc(int index, int value) {
            t.cc(index, value);
        }

        @Override
        public void makeRaw() {
            t.raw();
        }
    }
}
