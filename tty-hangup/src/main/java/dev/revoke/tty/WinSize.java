package dev.revoke.tty;

/**
 * A simulated terminal's size, the value of TIOCGWINSZ and TIOCSWINSZ
 * ({@code struct winsize}); the fields are unsigned shorts in C. The tty
 * keeps it only to hand back: the line discipline never reads it. A change
 * is what the session layer turns into SIGWINCH.
 */
public record WinSize(int rows, int cols, int xpixel, int ypixel) {
    /** What a new pty reports before anyone sets a size. */
    public static final WinSize ZERO = new WinSize(0, 0, 0, 0);

    public WinSize {
        checkUnsignedShort("rows", rows);
        checkUnsignedShort("cols", cols);
        checkUnsignedShort("xpixel", xpixel);
        checkUnsignedShort("ypixel", ypixel);
    }

    public WinSize(int rows, int cols) {
        this(rows, cols, 0, 0);
    }

    private static void checkUnsignedShort(String name, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(name + " " + v + " does not fit an unsigned short");
        }
    }
}
