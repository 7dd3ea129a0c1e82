package dev.revoke.tty.ldisc;

import org.junit.jupiter.api.Test;

import static dev.revoke.tty.Termios.OCRNL;
import static dev.revoke.tty.Termios.OLCUC;
import static dev.revoke.tty.Termios.ONLCR;
import static dev.revoke.tty.Termios.ONLRET;
import static dev.revoke.tty.Termios.ONOCR;
import static dev.revoke.tty.Termios.OPOST;
import static dev.revoke.tty.Termios.XTABS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Output processing, and the bounded output queue seen from a non-blocking writer. */
class OutputTest {

    @Test
    void onlcrTurnsNewlineIntoCrNl() {
        Ldisc l = new Ldisc();
        assertEquals(3, l.write("a\nb"));
        assertEquals("a\r\nb", l.screen());
        l.settings(t -> t.oflag(t.oflag() & ~OPOST));
        l.write("a\nb");
        assertEquals("a\nb", l.screen(), "no OPOST, no processing");
    }

    @Test
    void crMappingsAndColumnZero() {
        Ldisc l = new Ldisc().settings(t -> t.oflag(t.oflag() | ONOCR));
        l.write("\rx\r");
        assertEquals("x\r", l.screen(), "ONOCR drops a CR at column 0 only");
        l.settings(t -> t.oflag((t.oflag() & ~ONOCR) | OCRNL));
        l.write("a\rb");
        assertEquals("a\nb", l.screen(), "OCRNL's NL is written as is, not through ONLCR");
    }

    @Test
    void tabsExpandToTheNextStopWithXtabs() {
        Ldisc l = new Ldisc().settings(t -> t.oflag(t.oflag() | XTABS));
        l.write("ab\tc\n\t");
        assertEquals("ab      c\r\n        ", l.screen());
    }

    @Test
    void olcucUpperCases() {
        Ldisc l = new Ldisc().settings(t -> t.oflag(t.oflag() | OLCUC));
        l.write("Hi!");
        assertEquals("HI!", l.screen());
    }

    @Test
    void onlretWithoutOnlcr() {
        Ldisc l = new Ldisc().settings(t -> t.oflag((t.oflag() & ~ONLCR) | ONLRET | XTABS));
        l.write("abc\n\t|");
        assertEquals("abc\n        |", l.screen(), "the newline returned the column to 0");
    }

    @Test
    void aFullQueueTakesNoMoreAndANewlineNeedsTwoBytes() {
        Ldisc l = new Ldisc();
        byte[] fill = Ldisc.repeat('x', NTty.DEFAULT_OUTPUT_CAPACITY - 1);
        assertEquals(fill.length, l.tty.writeNow(fill, 0, fill.length));
        assertEquals(NTty.EAGAIN, l.write("\n"), "CR NL does not fit in one byte");
        assertEquals(1, l.write("y\n"), "the y fits, the newline waits");
        assertEquals(0, l.tty.pollMask() & PollMask.POLLOUT);
        assertEquals(NTty.DEFAULT_OUTPUT_CAPACITY, l.tty.outputQueued());
        byte[] some = new byte[10];
        assertEquals(10, l.tty.drainOutput(some, 0, 10));
        assertEquals(PollMask.POLLOUT | PollMask.POLLWRNORM, l.tty.pollMask() & (PollMask.POLLOUT | PollMask.POLLWRNORM));
        assertEquals(1, l.write("\n"));
    }

    @Test
    void stopCharacterHoldsOutputAndEchoesUntilStart() {
        Ldisc l = new Ldisc();
        l.type("\u0013");
        assertEquals(true, l.tty.isOutputStopped());
        assertEquals(NTty.EAGAIN, l.write("a"));
        l.type("z");
        assertEquals("", l.screen(), "the echo waits too");
        l.type("\u0011");
        assertEquals("z", l.screen());
        assertEquals(1, l.write("a"));
    }

    @Test
    void tcflowStopOutlastsTheStartCharacter() {
        Ldisc l = new Ldisc();
        assertEquals(0, l.tty.flow(NTty.TCOOFF));
        l.type("\u0011");
        assertEquals(NTty.EAGAIN, l.write("a"));
        assertEquals(0, l.tty.flow(NTty.TCOON));
        assertEquals(1, l.write("a"));
        assertEquals(NTty.EINVAL, l.tty.flow(7));
    }
}
