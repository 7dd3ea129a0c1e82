package dev.revoke.tty.ldisc;

import java.util.StringJoiner;

/**
 * poll(2) event bits as Linux numbers them (asm-generic poll.h, shared by
 * x86_64 and arm64), so the simulation can answer poll without touching
 * native code. A test checks them against the values jextract read from the
 * system headers.
 */
public final class PollMask {
    public static final int POLLIN = 0x001;
    public static final int POLLPRI = 0x002;
    public static final int POLLOUT = 0x004;
    public static final int POLLERR = 0x008;
    public static final int POLLHUP = 0x010;
    public static final int POLLNVAL = 0x020;
    public static final int POLLRDNORM = 0x040;
    public static final int POLLWRNORM = 0x100;

    private static final int[] BITS = {POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLNVAL, POLLRDNORM, POLLWRNORM};
    private static final String[] NAMES = {"IN", "PRI", "OUT", "ERR", "HUP", "NVAL", "RDNORM", "WRNORM"};

    private PollMask() {
    }

    /** "IN|OUT", "0" for none; unknown bits in hex. */
    public static String toString(int mask) {
        if (mask == 0) {
            return "0";
        }
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < BITS.length; i++) {
            if ((mask & BITS[i]) != 0) {
                j.add(NAMES[i]);
                mask &= ~BITS[i];
            }
        }
        if (mask != 0) {
            j.add("0x" + Integer.toHexString(mask));
        }
        return j.toString();
    }
}
