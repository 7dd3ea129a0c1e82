package dev.revoke.tty.ldisc;

/**
 * Signals the line discipline raises from typed input (ISIG): what the
 * session layer sends to the terminal's foreground process group.
 */
public enum TtySignal {
    /** The INTR character, ^C by default. */
    SIGINT(2),
    /** The QUIT character, ^\ by default. */
    SIGQUIT(3),
    /** The SUSP character, ^Z by default. */
    SIGTSTP(20);

    private final int number;

    TtySignal(int number) {
        this.number = number;
    }

    /** The Linux signal number (x86_64 and arm64 agree). */
    public int number() {
        return number;
    }
}
