package dev.revoke.tty.diff;

import org.junit.jupiter.api.Test;

import static dev.revoke.tty.Termios.ECHO;
import static dev.revoke.tty.Termios.ICANON;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same scripts on a real pty and on the simulation; the transcripts must
 * be identical. Each test prints both, so a failure shows the real kernel's
 * answer next to ours.
 */
class DifferentialTest {

    private static void same(TtyScript script) throws Exception {
        Transcript real = ScriptRunner.run(script, new RealPtyBackend());
        Transcript sim = ScriptRunner.run(script, new SimPtyBackend());
        System.out.println("== " + script.name() + " (real)\n" + real + "\n== (sim)\n" + sim);
        assertEquals(real.toString(), sim.toString(), script.name());
    }

    @Test
    void canonicalLine() throws Exception {
        same(TtyScript.named("canonical line")
                .slaveReadNonblock(64)
                .masterWrite("abc")
                .fionread()
                .slaveRead(64)
                .masterWrite("\n")
                .awaitRead(2000)
                .masterRead()
                .masterWrite("one\ntwo\n")
                .fionread()
                .slaveRead(64)
                .slaveRead(2)
                .slaveRead(64));
    }
}
