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

    /** The four flag words as a transcript shows them. */
    static String describe(int iflag, int oflag, int cflag, int lflag) {
        return String.format("iflag=%#x oflag=%#x cflag=%#x lflag=%#x", iflag, oflag, cflag, lflag);
    }
}
