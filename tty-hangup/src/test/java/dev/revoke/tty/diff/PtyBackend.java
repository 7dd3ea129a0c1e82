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

    /** Lets asynchronous delivery catch up (the kernel moves pty data in a worker thread). */
    void settle();

    /** Wakes anything still blocked on the slave (by hanging it up) so its thread can finish. */
    void wakeBlocked();

    /** Releases the pair; called once no thread is inside a call on it. */
    @Override
    void close();
}
