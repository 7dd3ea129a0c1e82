package dev.revoke.tty.ldisc;

import dev.revoke.mechanism.WaitQueue;
import dev.revoke.tty.Termios;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** An {@link NTty} on an unowned wait queue, driven with strings (one char per byte). */
final class Ldisc {
    final WaitQueue queue;
    final NTty tty;

    Ldisc() {
        this(WaitQueue.unowned());
    }

    Ldisc(WaitQueue queue) {
        this.queue = queue;
        this.tty = new NTty(Termios.ptySlaveDefaults(), queue::wakeAll);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String string(byte[] b, int n) {
        return new String(b, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
    }

    Ldisc settings(UnaryOperator<Termios> edit) {
        tty.setTermios(edit.apply(tty.termios()));
        return this;
    }

    /** Types at the terminal; returns how many bytes were taken. */
    int type(String s) {
        byte[] b = bytes(s);
        return tty.receive(b, 0, b.length);
    }

    /** Everything the driver can take from the output queue now. */
    String screen() {
        StringBuilder s = new StringBuilder();
        byte[] b = new byte[512];
        int n;
        while ((n = tty.drainOutput(b, 0, b.length)) > 0) {
            s.append(string(b, n));
        }
        return s.toString();
    }

    /** A non-blocking read of up to {@code n}; "EAGAIN" if it would block. */
    String readNow(int n) {
        byte[] b = new byte[n];
        int r = tty.readNow(b, 0, n);
        return r == NTty.EAGAIN ? "EAGAIN" : string(b, r);
    }

    /** A blocking read through the wait queue; the data, or "result N" for a negative result. */
    String read(int n, long timeoutNanos) {
        byte[] b = new byte[n];
        int r = tty.read(queue, b, 0, n, false, timeoutNanos);
        return r < 0 ? "result " + r : string(b, r);
    }

    int write(String s) {
        byte[] b = bytes(s);
        return tty.writeNow(b, 0, b.length);
    }

    static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }
}
