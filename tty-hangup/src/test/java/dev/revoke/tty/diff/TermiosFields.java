package dev.revoke.tty.diff;

/**
 * The termios fields a script edits, over either backend's termios type
 * (the native struct of a real pty, or the simulation's model), so one edit
 * runs against both. Bit values and c_cc indexes are Linux's, as in
 * {@link dev.revoke.tty.Termios}.
 */
interface TermiosFields {
    int iflag();

    void iflag(int v);

    int oflag();

    void oflag(int v);

    int lflag();

    void lflag(int v);

    int cc(int index);

    void cc(int index, int value);

    /** cfmakeraw(3). */
    void makeRaw();
}
