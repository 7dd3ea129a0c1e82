package dev.revoke.tty.diff;

import dev.revoke.tty.Termios;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A scripted session with a pty, to run against a real one and the
 * simulation and compare. Built fluently:
 *
 * <pre>{@code
 * TtyScript.named("canonical line")
 *     .masterWrite("abc\n").slaveRead(64).masterRead();
 * }</pre>
 *
 * Steps that may block (slave reads and writes) wait a bounded time; a step
 * still blocked then is recorded as "blocked" and left pending, so a later
 * step can unblock it and {@link #awaitRead}/{@link #awaitWrite} collect it.
 * Strings are bytes: each char is one byte (ISO-8859-1).
 */
final class TtyScript {
    /** How long a step that should not block may take before it counts as blocked. */
    static final long DEFAULT_BLOCK_MILLIS = 300;

    private final String name;
    private final List<Step> steps = new ArrayList<>();

    private TtyScript(String name) {
        this.name = name;
    }

    static TtyScript named(String name) {
        return new TtyScript(name);
    }

    String name() {
        return name;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private TtyScript add(Step s) {
        steps.add(s);
        return this;
    }

    /** Types {@code s} at the terminal (writes it to the master). */
    TtyScript masterWrite(String s) {
        return add(new Step.MasterWrite(bytes(s)));
    }

    TtyScript masterWrite(char c, int count) {
        return add(new Step.MasterWriteRepeated(c, count));
    }

    /** A blocking read that records only how many bytes came and the last of them. */
    TtyScript slaveReadCount(int n) {
        return add(new Step.SlaveReadCount(n, DEFAULT_BLOCK_MILLIS));
    }

    /** Reads what the master has: program output and echoes. */
    TtyScript masterRead() {
        return add(new Step.MasterRead());
    }

    /** A blocking read of up to {@code n} bytes on the slave, allowed {@link #DEFAULT_BLOCK_MILLIS}. */
    TtyScript slaveRead(int n) {
        return slaveRead(n, DEFAULT_BLOCK_MILLIS);
    }

    TtyScript slaveRead(int n, long blockMillis) {
        return add(new Step.SlaveRead(n, false, blockMillis));
    }

    /** An O_NONBLOCK read on the slave. */
    TtyScript slaveReadNonblock(int n) {
        return add(new Step.SlaveRead(n, true, DEFAULT_BLOCK_MILLIS));
    }

    /** Waits for the pending (blocked) read to return. */
    TtyScript awaitRead(long millis) {
        return add(new Step.AwaitRead(millis));
    }

    /** A blocking write on the slave. */
    TtyScript slaveWrite(String s) {
        return add(new Step.SlaveWrite(bytes(s), false, DEFAULT_BLOCK_MILLIS));
    }

    TtyScript slaveWriteNonblock(String s) {
        return add(new Step.SlaveWrite(bytes(s), true, DEFAULT_BLOCK_MILLIS));
    }

    TtyScript awaitWrite(long millis) {
        return add(new Step.AwaitWrite(millis));
    }

    TtyScript fionread() {
        return add(new Step.Fionread());
    }

    /** tcflush(3): 0 TCIFLUSH, 1 TCOFLUSH, 2 TCIOFLUSH. */
    TtyScript tcflush(int selector) {
        return add(new Step.Tcflush(selector));
    }

    /** tcflow(3): 0 TCOOFF, 1 TCOON, 2 TCIOFF, 3 TCION. */
    TtyScript tcflow(int action) {
        return add(new Step.Tcflow(action));
    }

    /** TIOCOUTQ. */
    TtyScript outq() {
        return add(new Step.Outq());
    }

    /** poll(2) of the slave for IN and OUT, zero timeout. */
    TtyScript poll() {
        return add(new Step.Poll());
    }

    TtyScript sleep(long millis) {
        return add(new Step.Sleep(millis));
    }

    TtyScript termios(String description, Consumer<TermiosFields> edit) {
        return add(new Step.EditTermios(description, edit));
    }

    TtyScript raw() {
        return termios("cfmakeraw", TermiosFields::makeRaw);
    }

    TtyScript lflagOff(String name, int bits) {
        return termios("lflag -" + name, t -> t.lflag(t.lflag() & ~bits));
    }

    TtyScript lflagOn(String name, int bits) {
        return termios("lflag +" + name, t -> t.lflag(t.lflag() | bits));
    }

    TtyScript iflagOff(String name, int bits) {
        return termios("iflag -" + name, t -> t.iflag(t.iflag() & ~bits));
    }

    TtyScript iflagOn(String name, int bits) {
        return termios("iflag +" + name, t -> t.iflag(t.iflag() | bits));
    }

    TtyScript oflagOff(String name, int bits) {
        return termios("oflag -" + name, t -> t.oflag(t.oflag() & ~bits));
    }

    TtyScript oflagOn(String name, int bits) {
        return termios("oflag +" + name, t -> t.oflag(t.oflag() | bits));
    }

    TtyScript minTime(int min, int time) {
        return termios("VMIN=" + min + " VTIME=" + time, t -> {
            t.cc(Termios.VMIN, min);
            t.cc(Termios.VTIME, time);
        });
    }

    /** Non-blocking slave writes until EAGAIN: the output queue is full (the count is not recorded). */
    TtyScript fillOutput() {
        return add(new Step.FillOutput());
    }

    /** Reads the master until nothing more comes (the count is not recorded). */
    TtyScript drainMaster() {
        return add(new Step.DrainMaster());
    }

    /** TIOCVHANGUP on the slave; the simulation revokes its tty. */
    TtyScript hangup() {
        return add(new Step.Hangup());
    }

    /** One non-blocking master read, with its errno (EAGAIN, EIO). */
    TtyScript masterReadOnce() {
        return add(new Step.MasterReadOnce());
    }

    /** A poll of the slave for IN with no timeout; pending like a read, collected by {@link #awaitRead}. */
    TtyScript pollBlocking() {
        return add(new Step.PollBlocking(DEFAULT_BLOCK_MILLIS));
    }

    /** A blocking slave write of {@code n} bytes, recorded as all, part, or an errno. */
    TtyScript slaveWriteLarge(int n) {
        return add(new Step.SlaveWriteLarge(n, DEFAULT_BLOCK_MILLIS));
    }

    /** tcgetattr on the slave: the four flag words, or the errno. */
    TtyScript tcgetattr() {
        return add(new Step.TermiosFlags());
    }

    TtyScript tiocgpgrp() {
        return add(new Step.Tiocgpgrp());
    }

    TtyScript tiocspgrp() {
        return add(new Step.Tiocspgrp());
    }

    /** Opens the slave anew (as a login program does after vhangup) and closes the old descriptors. */
    TtyScript reopenSlave() {
        return add(new Step.ReopenSlave());
    }

    TtyScript closeSlave() {
        return add(new Step.CloseSlave());
    }

    TtyScript closeMaster() {
        return add(new Step.CloseMaster());
    }

    /** TIOCVHANGUP on the master. */
    TtyScript masterHangup() {
        return add(new Step.MasterHangup());
    }

    TtyScript setWinSize(int rows, int cols) {
        return add(new Step.SetWinSize(rows, cols));
    }

    TtyScript winSize() {
        return add(new Step.GetWinSize());
    }
}
