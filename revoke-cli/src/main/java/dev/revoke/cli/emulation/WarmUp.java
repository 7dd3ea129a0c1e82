package dev.revoke.cli.emulation;

import dev.revoke.kernel.Process;
import dev.revoke.vfs.Abi;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;

/**
 * Loads what every scene and scenario uses (the native linker, the emulated
 * kernel, an actor thread, errno texts) once, before the first clock
 * starts, so that the first line of a timeline is not stamped with the
 * JVM's start-up.
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
        } catch (Actor.StillRunning e) {
            // a slow machine; the warm-up is only cosmetic
        }
        p.exit(0);
        done = true;
    }
}
