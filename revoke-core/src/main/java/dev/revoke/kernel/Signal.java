package dev.revoke.kernel;

/** The signals the emulation delivers; they are recorded on the process, not acted on. */
public enum Signal {
    SIGHUP(1), SIGINT(2), SIGQUIT(3), SIGBUS(7), SIGKILL(9), SIGPIPE(13), SIGTERM(15), SIGCHLD(17), SIGCONT(18),
    SIGSTOP(19), SIGTSTP(20), SIGTTIN(21), SIGTTOU(22), SIGIO(29);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
