package dev.revoke.tty.ldisc;

/**
 * The Linux kernel's character classes ({@code lib/ctype.c}), which differ
 * from Java's and from a C library's "C" locale: the kernel treats bytes as
 * Latin-1, so 0xc0-0xfe (but for the multiplication and division signs) are
 * letters, while 0x80-0x9f have no class at all: not control characters, so
 * they echo as themselves and take a column. (Checked against a real pty.)
 * N_TTY uses these classes to decide which bytes echo as {@code ^X}, which
 * count as a column, what a word is for WERASE, and how IUCLC and OLCUC
 * change case.
 */
final class KernelCtype {
    private static final int MULTIPLY = 0xd7;
    private static final int DIVIDE = 0xf7;

    private KernelCtype() {
    }

    static boolean isControl(int c) {
        return c < 0x20 || c == 0x7f;
    }

    static boolean isUpper(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != MULTIPLY);
    }

    static boolean isLower(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != DIVIDE);
    }

    static boolean isAlnum(int c) {
        return (c >= '0' && c <= '9') || isUpper(c) || isLower(c);
    }

    /** The kernel's tolower: upper-case letters move down by 32, Latin-1 ones too. */
    static int toLower(int c) {
        return isUpper(c) ? c + 32 : c;
    }

    /** The kernel's toupper, which also moves 0xdf (sharp s) and 0xff down by 32. */
    static int toUpper(int c) {
        return isLower(c) ? c - 32 : c;
    }

    /** A UTF-8 continuation byte (10xxxxxx): takes no column of its own. */
    static boolean isUtf8Continuation(int c) {
        return (c & 0xc0) == 0x80;
    }
}
