package dev.revoke.tty.ldisc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.revoke.tty.Termios.ISIG;
import static dev.revoke.tty.Termios.NOFLSH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ISIG: INTR, QUIT and SUSP reach the listener, flush the input, and echo. */
class SignalTest {

    @Test
    void signalCharactersReachTheListener() {
        Ldisc l = new Ldisc();
        List<TtySignal> got = new CopyOnWriteArrayList<>();
        l.tty.setSignalListener(got::add);
        l.type("\u0003\u001c\u001a");
        assertEquals(List.of(TtySignal.SIGINT, TtySignal.SIGQUIT, TtySignal.SIGTSTP), got);
        assertEquals(2, TtySignal.SIGINT.number());
        assertEquals(20, TtySignal.SIGTSTP.number());
    }

    @Test
    void interruptFlushesTypedInputAndEchoesCaretC() {
        Ldisc l = new Ldisc();
        l.type("done\npartial");
        l.screen();
        l.type("\u0003");
        assertEquals(0, l.tty.inputAvailable());
        assertEquals("EAGAIN", l.readNow(64), "complete lines went too");
        assertEquals("^C", l.screen());
    }

    @Test
    void noflshKeepsTheInput() {
        Ldisc l = new Ldisc().settings(t -> t.lflag(t.lflag() | NOFLSH));
        List<TtySignal> got = new CopyOnWriteArrayList<>();
        l.tty.setSignalListener(got::add);
        l.type("keep\u0003\n");
        assertEquals("keep\n", l.readNow(64));
        assertEquals(List.of(TtySignal.SIGINT), got);
    }

    @Test
    void withoutIsigTheCharactersAreData() {
        Ldisc l = new Ldisc().settings(t -> t.lflag(t.lflag() & ~ISIG));
        List<TtySignal> got = new CopyOnWriteArrayList<>();
        l.tty.setSignalListener(got::add);
        l.type("\u0003\n");
        assertEquals("\u0003\n", l.readNow(64));
        assertEquals(List.of(), got);
    }

    @Test
    void theListenerRunsOutsideTheLock() {
        Ldisc l = new Ldisc();
        List<Integer> seenFromAnotherThread = new CopyOnWriteArrayList<>();
        l.tty.setSignalListener(sig -> {
            Thread other = Thread.ofPlatform().start(() -> seenFromAnotherThread.add(l.tty.inputAvailable()));
            try {
                assertTrue(other.join(java.time.Duration.ofSeconds(5)), "the tty's lock is still held");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        l.type("\u0003");
        assertEquals(List.of(0), seenFromAnotherThread);
    }

    @Test
    void aSignalRestartsStoppedOutput() throws Exception {
        Ldisc l = new Ldisc();
        l.type("\u0013");
        assertTrue(l.tty.isOutputStopped());
        l.type("\u0003");
        assertTrue(!l.tty.isOutputStopped(), "IXON: INTR restarts output");
        TimeUnit.MILLISECONDS.sleep(1);
        assertEquals("^C", l.screen());
    }
}
