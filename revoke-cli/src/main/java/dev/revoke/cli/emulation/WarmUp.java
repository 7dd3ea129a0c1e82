package dev.revoke.cli.emulation;

import dev.revoke.kernel.Process;
import dev.revoke.tty.TtyLayer;
import dev.revoke.vfs.Abi;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;

/**
 * Loads what every scene and scenario uses (the native linker, the emulated
 * kernel, an actor thread, errno texts, the tty layer's pty, login and
 * hangup) once, before the first clock starts, so that the first line of a
 * timeline is not stamped with the JVM's start-up.
 */
public final class WarmUp {
    private static volatile boolean done;

    private WarmUp() {
    }

    public static void run() {
        if (done) {
            return;
        }
        Emulation emu = Emulation.boot();
        Process p = emu.kernel().spawn("warm-up", 0);
        Timeline silent = new Timeline(new PrintWriter(Writer.nullWriter()));
        silent.quiet(true);
        try (Actor a = new Actor("warm-up", p, silent)) {
            a.call(Calls.open("/proc/version", Abi.O_RDONLY), Duration.ofSeconds(5)).render();
            a.call(Calls.read(3, 16), Duration.ofSeconds(5)).render();
            Outcome.of(-5).render();
            TtyLayer.Terminal[] t = new TtyLayer.Terminal[1];
            a.call(TtyCalls.openpty(emu.ttys(), x -> t[0] = x), Duration.ofSeconds(5));
            if (t[0] != null) {
                Process sh = emu.kernel().spawn("warm-up-sh", 0);
                try (Actor b = new Actor("warm-up-sh", sh, silent)) {
                    b.call(TtyCalls.login(t[0].slavePath()), Duration.ofSeconds(5));
                    t[0].type("x\n");
                    b.call(Calls.read(0, 16), Duration.ofSeconds(5));
                    a.call(TtyCalls.hangup(t[0].tty()), Duration.ofSeconds(5));
                    b.call(Calls.read(0, 16), Duration.ofSeconds(5));
                }
                sh.exit(0);
            }
        } catch (Actor.StillRunning | RuntimeException e) {
            // a slow machine; the warm-up is only cosmetic
        }
        p.exit(0);
        done = true;
    }
}
