package dev.revoke.cli.emulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether a thread is asleep in a call rather than still on its way
 * into it, so that a scenario's next step starts only once a background
 * call really blocks.
 *
 * <p>A thread parked in Java (an emulated read on a wait queue) is
 * {@code WAITING}. A thread asleep in a real system call ({@code poll(2)}
 * on a real pty, a real {@code read(2)}) stays {@code RUNNABLE} to the JVM;
 * for those the kernel's own state in {@code /proc/self/task/TID/stat} says
 * {@code S} (interruptible sleep).
 */
public final class BlockDetector {
    private BlockDetector() {
    }

    /** One look; callers want a few agreeing looks in a row. */
    public static boolean asleep(Thread t, int tid) {
        return switch (t.getState()) {
            case WAITING, TIMED_WAITING -> true;
            case RUNNABLE -> tid > 0 && kernelState(tid) == 'S';
            default -> false;
        };
    }

    /** The state letter of a task of this process ({@code R}, {@code S}, {@code D}...), or '?'. */
    public static char kernelState(int tid) {
        return state(Path.of("/proc/self/task/" + tid + "/stat"));
    }

    /** The state letter of any process, from {@code /proc/PID/stat}, or '?'. */
    public static char processState(long pid) {
        return state(Path.of("/proc/" + pid + "/stat"));
    }

    private static char state(Path stat) {
        try {
            String s = Files.readString(stat);
            int paren = s.lastIndexOf(')');
            return paren >= 0 && paren + 2 < s.length() ? s.charAt(paren + 2) : '?';
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }
}
