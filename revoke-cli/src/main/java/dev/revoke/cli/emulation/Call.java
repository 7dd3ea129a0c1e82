package dev.revoke.cli.emulation;

import dev.revoke.kernel.Process;

import java.util.function.Function;

/**
 * One call an {@link Actor} makes: how it prints ({@code read(3, 64)}) and
 * what it does. The body gets the actor's emulated process (null for the
 * kernel's own actor and for plain JVM threads).
 *
 * @param timed print how long the call took, even when it did not sleep
 *              (revocations, whose duration is the point)
 */
public record Call(String text, Function<Process, Outcome> body, boolean timed) {
    public Call(String text, Function<Process, Outcome> body) {
        this(text, body, false);
    }

    public Call showingDuration() {
        return new Call(text, body, true);
    }
}
