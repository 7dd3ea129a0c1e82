package dev.revoke.tty.diff;

import dev.revoke.panama.Errno;
import dev.revoke.tty.ldisc.PollMask;

import java.util.Arrays;

import java.util.function.Consumer;

/** One step of a {@link TtyScript}: what it shows in a transcript, and what it does. */
sealed interface Step {
    String describe();

    /** Runs the step; returns its result as the transcript shows it. */
    String run(ScriptRunner r) throws Exception;

    record MasterWrite(byte[] data) implements Step {
        public String describe() {
            return "masterWrite " + Transcript.quote(data);
        }

        public String run(ScriptRunner r) {
            int n = r.backend().masterWrite(data);
            r.backend().settle();
            return Transcript.errnoOr(n);
        }
    }

    /** Writes {@code count} copies of one byte to the master; shown as 'x' * N. */
    record MasterWriteRepeated(int c, int count) implements Step {
        public String describe() {
            return "masterWrite " + Transcript.quote(new byte[] {(byte) c}) + " * " + count;
        }

        public String run(ScriptRunner r) {
            byte[] data = new byte[count];
            Arrays.fill(data, (byte) c);
            int n = r.backend().masterWrite(data);
            r.backend().settle();
            return Transcript.errnoOr(n);
        }
    }

    /** A blocking slave read recorded by its count and last byte only, for long reads. */
    record SlaveReadCount(int n, long blockMillis) implements Step {
        public String describe() {
            return "slaveRead " + n + " (count)";
        }

        public String run(ScriptRunner r) throws Exception {
            return r.startRead(() -> {
                IoResult io = r.backend().slaveRead(n, false);
                if (io.result() <= 0) {
                    return Transcript.readResult(io);
                }
                byte[] last = {io.data()[io.result() - 1]};
                return "read " + io.result() + " ending " + Transcript.quote(last);
            }, blockMillis);
        }
    }

    record MasterRead() implements Step {
        public String describe() {
            return "masterRead";
        }

        public String run(ScriptRunner r) {
            return Transcript.quote(r.backend().masterReadAvailable());
        }
    }

    record SlaveRead(int n, boolean nonblock, long blockMillis) implements Step {
        public String describe() {
            return (nonblock ? "slaveReadNonblock " : "slaveRead ") + n;
        }

        public String run(ScriptRunner r) throws Exception {
            return r.startRead(() -> Transcript.readResult(r.backend().slaveRead(n, nonblock)), blockMillis);
        }
    }

    record AwaitRead(long millis) implements Step {
        public String describe() {
            return "awaitRead";
        }

        public String run(ScriptRunner r) throws Exception {
            return r.awaitRead(millis);
        }
    }

    record SlaveWrite(byte[] data, boolean nonblock, long blockMillis) implements Step {
        public String describe() {
            return (nonblock ? "slaveWriteNonblock " : "slaveWrite ") + Transcript.quote(data);
        }

        public String run(ScriptRunner r) throws Exception {
            String result = r.startWrite(() -> Transcript.writeResult(r.backend().slaveWrite(data, nonblock)), blockMillis);
            r.backend().settle();
            return result;
        }
    }

    record AwaitWrite(long millis) implements Step {
        public String describe() {
            return "awaitWrite";
        }

        public String run(ScriptRunner r) throws Exception {
            return r.awaitWrite(millis);
        }
    }

    record Fionread() implements Step {
        public String describe() {
            return "fionread";
        }

        public String run(ScriptRunner r) {
            return Transcript.errnoOr(r.backend().fionread());
        }
    }

    record Tcflush(int selector) implements Step {
        public String describe() {
            return "tcflush " + new String[] {"TCIFLUSH", "TCOFLUSH", "TCIOFLUSH"}[selector];
        }

        public String run(ScriptRunner r) {
            String result = Transcript.errnoOr(r.backend().tcflush(selector));
            r.backend().settle();
            return result;
        }
    }

    record Tcflow(int action) implements Step {
        public String describe() {
            return "tcflow " + new String[] {"TCOOFF", "TCOON", "TCIOFF", "TCION"}[action];
        }

        public String run(ScriptRunner r) {
            String result = Transcript.errnoOr(r.backend().tcflow(action));
            r.backend().settle();
            return result;
        }
    }

    record Outq() implements Step {
        public String describe() {
            return "outq";
        }

        public String run(ScriptRunner r) {
            return Transcript.errnoOr(r.backend().outq());
        }
    }

    record Poll() implements Step {
        public String describe() {
            return "poll IN|OUT";
        }

        public String run(ScriptRunner r) {
            int revents = r.backend().poll(PollMask.POLLIN | PollMask.POLLOUT);
            return revents < 0 ? Transcript.errnoOr(revents) : PollMask.toString(revents);
        }
    }

    record Sleep(long millis) implements Step {
        public String describe() {
            return "sleep " + millis + "ms";
        }

        public String run(ScriptRunner r) throws InterruptedException {
            Thread.sleep(millis);
            return "ok";
        }
    }

    record EditTermios(String description, Consumer<TermiosFields> edit) implements Step {
        public String describe() {
            return "termios " + description;
        }

        public String run(ScriptRunner r) {
            r.backend().editTermios(edit);
            r.backend().settle();
            return "ok";
        }
    }

    /** Non-blocking writes of 1 KiB until EAGAIN, twice in a row with a settle between. */
    record FillOutput() implements Step {
        private static final int LIMIT = 1 << 22;

        public String describe() {
            return "fillOutput";
        }

        public String run(ScriptRunner r) {
            byte[] chunk = new byte[1024];
            Arrays.fill(chunk, (byte) 'x');
            long total = 0;
            boolean settledOnce = false;
            while (total < LIMIT) {
                int n = r.backend().slaveWrite(chunk, true);
                if (n > 0) {
                    total += n;
                    settledOnce = false;
                    continue;
                }
                if (n != Errno.EAGAIN.negative()) {
                    return "failed " + Transcript.errnoOr(n) + " after " + total;
                }
                if (settledOnce) {
                    r.note("filled after " + total + " bytes");
                    return "filled";
                }
                r.backend().settle();
                settledOnce = true;
            }
            return "never filled (" + total + " bytes)";
        }
    }

    /** Reads the master until two settles in a row bring nothing. */
    record DrainMaster() implements Step {
        public String describe() {
            return "drainMaster";
        }

        public String run(ScriptRunner r) {
            long total = 0;
            int quiet = 0;
            while (quiet < 2) {
                int n = r.backend().masterReadAvailable().length;
                total += n;
                quiet = n == 0 ? quiet + 1 : 0;
                r.backend().settle();
            }
            r.note("drained " + total + " bytes");
            return total > 0 ? "drained" : "nothing";
        }
    }

    record Hangup() implements Step {
        public String describe() {
            return "hangup";
        }

        public String run(ScriptRunner r) {
            int n = r.backend().hangup();
            r.backend().settle();
            return n < 0 ? Transcript.errnoOr(n) : "ok";
        }
    }

    /** One non-blocking read of the master, with its errno: what a terminal emulator sees of the slave going. */
    record MasterReadOnce() implements Step {
        public String describe() {
            return "masterReadOnce";
        }

        public String run(ScriptRunner r) {
            return Transcript.readResult(r.backend().masterRead());
        }
    }

    /** poll(2) of the slave for IN without a timeout, on the read slot: collected by awaitRead. */
    record PollBlocking(long blockMillis) implements Step {
        public String describe() {
            return "pollBlocking IN";
        }

        public String run(ScriptRunner r) throws Exception {
            return r.startRead(() -> {
                int revents = r.backend().pollBlocking(PollMask.POLLIN);
                return revents < 0 ? Transcript.errnoOr(revents) : "poll " + PollMask.toString(revents);
            }, blockMillis);
        }
    }

    /** A blocking write of {@code n} bytes, recorded as all, part or an errno (counts depend on buffer sizes). */
    record SlaveWriteLarge(int n, long blockMillis) implements Step {
        public String describe() {
            return "slaveWrite " + n + " bytes";
        }

        public String run(ScriptRunner r) throws Exception {
            byte[] data = new byte[n];
            Arrays.fill(data, (byte) 'w');
            return r.startWrite(() -> {
                int w = r.backend().slaveWrite(data, false);
                return w < 0 ? Transcript.errnoOr(w) : w == n ? "wrote all" : "wrote part";
            }, blockMillis);
        }
    }

    record TermiosFlags() implements Step {
        public String describe() {
            return "tcgetattr";
        }

        public String run(ScriptRunner r) {
            return r.backend().termiosFlags();
        }
    }

    record Tiocgpgrp() implements Step {
        public String describe() {
            return "TIOCGPGRP";
        }

        /** A group number differs between the systems; only errors are compared. */
        public String run(ScriptRunner r) {
            int g = r.backend().tiocgpgrp();
            return g < 0 ? Transcript.errnoOr(g) : "a group";
        }
    }

    record Tiocspgrp() implements Step {
        public String describe() {
            return "TIOCSPGRP";
        }

        public String run(ScriptRunner r) {
            return Transcript.errnoOr(r.backend().tiocspgrp());
        }
    }

    record ReopenSlave() implements Step {
        public String describe() {
            return "reopenSlave";
        }

        public String run(ScriptRunner r) {
            int n = r.backend().reopenSlave();
            r.backend().settle();
            return n < 0 ? Transcript.errnoOr(n) : "ok";
        }
    }

    record CloseSlave() implements Step {
        public String describe() {
            return "closeSlave";
        }

        public String run(ScriptRunner r) {
            int n = r.backend().closeSlave();
            r.backend().settle();
            return n < 0 ? Transcript.errnoOr(n) : "ok";
        }
    }

    record CloseMaster() implements Step {
        public String describe() {
            return "closeMaster";
        }

        public String run(ScriptRunner r) {
            int n = r.backend().closeMaster();
            r.backend().settle();
            return n < 0 ? Transcript.errnoOr(n) : "ok";
        }
    }

    record MasterHangup() implements Step {
        public String describe() {
            return "masterHangup";
        }

        public String run(ScriptRunner r) {
            int n = r.backend().masterHangup();
            r.backend().settle();
            return n < 0 ? Transcript.errnoOr(n) : "ok";
        }
    }

    record SetWinSize(int rows, int cols) implements Step {
        public String describe() {
            return "TIOCSWINSZ " + rows + "x" + cols;
        }

        public String run(ScriptRunner r) {
            return Transcript.errnoOr(r.backend().setWinSize(rows, cols));
        }
    }

    record GetWinSize() implements Step {
        public String describe() {
            return "TIOCGWINSZ";
        }

        public String run(ScriptRunner r) {
            return r.backend().winSize();
        }
    }
}
