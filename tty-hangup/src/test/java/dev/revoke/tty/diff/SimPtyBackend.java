package dev.revoke.tty.diff;

import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.Revoke;
import dev.revoke.mechanism.ResourceGoneException;
import dev.revoke.mechanism.WaitQueue;
import dev.revoke.panama.Errno;
import dev.revoke.tty.Termios;
import dev.revoke.tty.ldisc.NTty;
import dev.revoke.tty.ldisc.PollMask;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The bare line discipline: an {@link NTty} whose driver side plays the
 * master. The slave is one revocable file, and each slave call imitates the
 * gate (start_using, the method, stop_using), with a hung-up tty's answers
 * when it is shut: read 0, write EIO, ioctl EIO, poll IN|OUT|ERR|HUP.
 * {@link #hangup()} revokes it. It checks the line discipline alone; the
 * whole stack, through emulated system calls, is {@link KernelPtyBackend}.
 */
final class SimPtyBackend implements PtyBackend {
    private static final long MASTER_WRITE_TIMEOUT_NANOS = 5_000_000_000L;
    private static final int HUNG_UP_POLL = PollMask.POLLIN | PollMask.POLLOUT | PollMask.POLLERR | PollMask.POLLHUP
            | PollMask.POLLRDNORM | PollMask.POLLWRNORM;
    private static final int EIO = Errno.EIO.negative();

    private final Revokable tty = Revokable.create("sim-pts");
    private final WaitQueue masterQueue = WaitQueue.unowned();
    private final NTty ldisc;
    private final Revoke slaveFile;

    SimPtyBackend() throws ResourceGoneException {
        ldisc = new NTty(Termios.ptySlaveDefaults(), () -> {
            tty.waitQueue().wakeAll();
            masterQueue.wakeAll();
        });
        slaveFile = Revoke.makeRevokable(() -> { }, tty);
    }

    NTty ldisc() {
        return ldisc;
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public int masterWrite(byte[] data) {
        return ldisc.receive(masterQueue, data, 0, data.length, false, MASTER_WRITE_TIMEOUT_NANOS);
    }

    @Override
    public byte[] masterReadAvailable() {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int r;
        while ((r = ldisc.drainOutput(buf, 0, buf.length)) > 0) {
            got.write(buf, 0, r);
        }
        return got.toByteArray();
    }

    @Override
    public IoResult slaveRead(int n, boolean nonblock) {
        if (!slaveFile.startUsing()) {
            return IoResult.of(0);
        }
        try {
            byte[] buf = new byte[n];
            int r = ldisc.read(tty.waitQueue(), buf, 0, n, nonblock, -1);
            if (r == NTty.REVOKED) {
                r = 0;
            }
            return new IoResult(r, r > 0 ? Arrays.copyOf(buf, r) : new byte[0]);
        } finally {
            slaveFile.stopUsing();
        }
    }

    @Override
    public int slaveWrite(byte[] data, boolean nonblock) {
        if (!slaveFile.startUsing()) {
            return EIO;
        }
        try {
            int r = ldisc.write(tty.waitQueue(), data, 0, data.length, nonblock, -1);
            return r == NTty.REVOKED ? EIO : r;
        } finally {
            slaveFile.stopUsing();
        }
    }

    @Override
    public int fionread() {
        return gated(ldisc::inputAvailable);
    }

    @Override
    public int tcflush(int queueSelector) {
        return gated(() -> ldisc.flush(queueSelector));
    }

    @Override
    public int tcflow(int action) {
        return gated(() -> ldisc.flow(action));
    }

    /** A pty's TIOCOUTQ: always 0, its output being at the master already. */
    @Override
    public int outq() {
        return gated(() -> 0);
    }

    /** An ioctl through the gate: EIO once the tty is hung up. */
    private int gated(IntSupplier ioctl) {
        if (!slaveFile.startUsing()) {
            return EIO;
        }
        try {
            return ioctl.getAsInt();
        } finally {
            slaveFile.stopUsing();
        }
    }

    @Override
    public int poll(int events) {
        int mask;
        if (!slaveFile.startUsing()) {
            mask = HUNG_UP_POLL;
        } else {
            try {
                mask = ldisc.pollMask();
            } finally {
                slaveFile.stopUsing();
            }
        }
        return mask & (events | PollMask.POLLERR | PollMask.POLLHUP | PollMask.POLLNVAL);
    }

    @Override
    public void editTermios(Consumer<TermiosFields> edit) {
        Termios t = ldisc.termios();
        edit.accept(new ModelFields(t));
        ldisc.setTermios(t);
    }

    @Override
    public int hangup() {
        tty.revokeIt();
        return 0;
    }

    @Override
    public void settle() {
        // Delivery is synchronous; only threads woken by the last step need a moment.
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void wakeBlocked() {
        tty.revokeIt();
    }

    @Override
    public void close() {
    }

    record ModelFields(Termios t) implements TermiosFields {
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
            t.makeRaw();
        }
    }
}
