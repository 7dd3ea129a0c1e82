package dev.revoke.tty.diff;

import java.util.function.Consumer;

/**
 * One pty pair a {@link TtyScript} drives: a real one through the kernel, or
 * the simulation. Calls return what the syscall would: counts, or
 * {@code -errno}. Slave reads and writes may block; the {@link ScriptRunner}
 * runs those on threads of their own.
 */
interface PtyBackend extends AutoCloseable {
    String name();

    /** Writes all of {@code data} to the master (typing at the terminal); bytes written or -errno. */
    int masterWrite(byte[] data);

    /** Reads everything the master can read now, without waiting for more. */
    byte[] masterReadAvailable();

    /** read(2) of up to {@code n} bytes on the slave; blocks unless {@code nonblock}. */
    IoResult slaveRead(int n, boolean nonblock);

    /** write(2) on the slave; blocks unless {@code nonblock}. */
    int slaveWrite(byte[] data, boolean nonblock);

    /** FIONREAD on the slave: a count or -errno. */
    int fionread();

    /** TCFLSH on the slave (tcflush(3)): 0 or -errno. */
    int tcflush(int queueSelector);

    /** TCXONC on the slave (tcflow(3)): 0 or -errno. */
    int tcflow(int action);

    /** TIOCOUTQ on the slave: bytes not yet taken by the master, or -errno. */
    int outq();

    /** poll(2) of the slave with a zero timeout: revents (only requested bits, ERR, HUP and NVAL). */
    int poll(int events);

    /** tcgetattr, {@code edit}, tcsetattr(TCSANOW) on the slave. */
    void editTermios(Consumer<TermiosFields> edit);

    /** Hangs up the slave, as TIOCVHANGUP does: 0 or -errno. */
    int hangup();

    // ---- the lifecycle of the pair: backends that model only the line discipline leave these out

    /** One non-blocking read(2) of the master: the bytes, or -errno (EAGAIN, EIO). */
    default IoResult masterRead() {
        throw new UnsupportedOperationException(name() + ": no master file");
    }

    /** poll(2) of the slave without a timeout: revents, or -errno. */
    default int pollBlocking(int events) {
        throw new UnsupportedOperationException(name() + ": no blocking poll");
    }

    /** tcgetattr on the slave, summarised with {@link TermiosFields#describe}; or the errno's name. */
    default String termiosFlags() {
        throw new UnsupportedOperationException(name() + ": no TCGETS");
    }

    /** TIOCGPGRP on the slave: the group, or -errno. */
    default int tiocgpgrp() {
        throw new UnsupportedOperationException(name() + ": no job control");
    }

    /** TIOCSPGRP on the slave, with the caller's own group: 0 or -errno. */
    default int tiocspgrp() {
        throw new UnsupportedOperationException(name() + ": no job control");
    }

    /** Opens the slave again (both descriptors), then closes the old ones: 0 or -errno. */
    default int reopenSlave() {
        throw new UnsupportedOperationException(name() + ": no reopen");
    }

    /** Closes both slave descriptors: 0. */
    default int closeSlave() {
        throw new UnsupportedOperationException(name() + ": no close");
    }

    /** TIOCSWINSZ on the slave: 0 or -errno. */
    default int setWinSize(int rows, int cols) {
        throw new UnsupportedOperationException(name() + ": no window size");
    }

    /** TIOCGWINSZ on the slave: "ROWSxCOLS", or the errno's name. */
    default String winSize() {
        throw new UnsupportedOperationException(name() + ": no window size");
    }

    /** TIOCVHANGUP on the master: 0 or -errno. */
    default int masterHangup() {
        throw new UnsupportedOperationException(name() + ": no master file");
    }

    /** Closes the master: 0 or -errno. */
    default int closeMaster() {
        throw new UnsupportedOperationException(name() + ": no master file");
    }

    /** Lets asynchronous delivery catch up (the kernel moves pty data in a worker thread). */
    void settle();

    /** Wakes anything still blocked on the slave (by hanging it up) so its thread can finish. */
    void wakeBlocked();

    /** Releases the pair; called once no thread is inside a call on it. */
    @Override
    void close();
}
