package dev.revoke.tty;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A simulated terminal's settings: the kernel's {@code struct termios}
 * (four flag words and {@value #NCCS} control characters), with the bit
 * values and {@code c_cc} indexes of Linux's asm-generic {@code termbits.h},
 * which x86_64 and arm64 share.
 *
 * <p>A value object the tty copies on the way in and out: changing an
 * instance changes no terminal. The setters return {@code this} so edits
 * chain, as in {@code t.copy().lflag(t.lflag() & ~Termios.ECHO)}.
 *
 * <p>Only what a line discipline reads is modelled. Speeds live in the
 * {@code CBAUD} bits of {@code c_cflag} as the kernel's {@code TCGETS}
 * reports them; {@code c_line} is always N_TTY and is left out.
 */
public final class Termios {
    /** Entries in {@code c_cc}: the kernel's NCCS (glibc's struct has 32, the rest unused). */
    public static final int NCCS = 19;

    // ---- c_cc indexes ----
    public static final int VINTR = 0;
    public static final int VQUIT = 1;
    public static final int VERASE = 2;
    public static final int VKILL = 3;
    public static final int VEOF = 4;
    public static final int VTIME = 5;
    public static final int VMIN = 6;
    public static final int VSWTC = 7;
    public static final int VSTART = 8;
    public static final int VSTOP = 9;
    public static final int VSUSP = 10;
    public static final int VEOL = 11;
    public static final int VREPRINT = 12;
    public static final int VDISCARD = 13;
    public static final int VWERASE = 14;
    public static final int VLNEXT = 15;
    public static final int VEOL2 = 16;

    /** A c_cc entry of this value disables the function (_POSIX_VDISABLE). */
    public static final int DISABLED = 0;

    // ---- c_iflag ----
    public static final int IGNBRK = 0x001;
    public static final int BRKINT = 0x002;
    public static final int IGNPAR = 0x004;
    public static final int PARMRK = 0x008;
    public static final int INPCK = 0x010;
    public static final int ISTRIP = 0x020;
    public static final int INLCR = 0x040;
    public static final int IGNCR = 0x080;
    public static final int ICRNL = 0x100;
    public static final int IUCLC = 0x200;
    public static final int IXON = 0x400;
    public static final int IXANY = 0x800;
    public static final int IXOFF = 0x1000;
    public static final int IMAXBEL = 0x2000;
    public static final int IUTF8 = 0x4000;

    // ---- c_oflag ----
    public static final int OPOST = 0x01;
    public static final int OLCUC = 0x02;
    public static final int ONLCR = 0x04;
    public static final int OCRNL = 0x08;
    public static final int ONOCR = 0x10;
    public static final int ONLRET = 0x20;
    public static final int OFILL = 0x40;
    public static final int OFDEL = 0x80;
    public static final int NLDLY = 0x100;
    public static final int CRDLY = 0x600;
    public static final int TABDLY = 0x1800;
    /** TABDLY value that makes output processing expand tabs to spaces. */
    public static final int XTABS = 0x1800;
    public static final int BSDLY = 0x2000;
    public static final int VTDLY = 0x4000;
    public static final int FFDLY = 0x8000;

    // ---- c_cflag ----
    public static final int CBAUD = 0x100f;
    public static final int B38400 = 0x000f;
    public static final int CSIZE = 0x30;
    public static final int CS5 = 0x00;
    public static final int CS6 = 0x10;
    public static final int CS7 = 0x20;
    public static final int CS8 = 0x30;
    public static final int CSTOPB = 0x40;
    public static final int CREAD = 0x80;
    public static final int PARENB = 0x100;
    public static final int PARODD = 0x200;
    public static final int HUPCL = 0x400;
    public static final int CLOCAL = 0x800;
    public static final int CIBAUD = 0x100f0000;
    public static final int CMSPAR = 0x40000000;
    public static final int CRTSCTS = 0x80000000;

    // ---- c_lflag ----
    public static final int ISIG = 0x00001;
    public static final int ICANON = 0x00002;
    public static final int XCASE = 0x00004;
    public static final int ECHO = 0x00008;
    public static final int ECHOE = 0x00010;
    public static final int ECHOK = 0x00020;
    public static final int ECHONL = 0x00040;
    public static final int NOFLSH = 0x00080;
    public static final int TOSTOP = 0x00100;
    public static final int ECHOCTL = 0x00200;
    public static final int ECHOPRT = 0x00400;
    public static final int ECHOKE = 0x00800;
    public static final int FLUSHO = 0x01000;
    public static final int PENDIN = 0x04000;
    public static final int IEXTEN = 0x08000;
    public static final int EXTPROC = 0x10000;

    private int iflag;
    private int oflag;
    private int cflag;
    private int lflag;
    private final byte[] cc = new byte[NCCS];

    private Termios() {
    }

    /** All flags clear, every control character disabled. */
    public static Termios zero() {
        return new Termios();
    }

    /**
     * What a freshly opened Unix98 pty slave reports: the kernel's
     * {@code tty_std_termios} (ICRNL|IXON; OPOST|ONLCR; ISIG|ICANON|ECHO|
     * ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN; ^C ^\ DEL ^U ^D, MIN 1, ^Q ^S ^Z
     * ^R ^O ^W ^V) with the pty driver's c_cflag of B38400|CS8|CREAD.
     */
    public static Termios ptySlaveDefaults() {
        Termios t = new Termios();
        t.iflag = ICRNL | IXON;
        t.oflag = OPOST | ONLCR;
        t.cflag = B38400 | CS8 | CREAD;
        t.lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
        t.cc[VINTR] = 0x03;
        t.cc[VQUIT] = 0x1c;
        t.cc[VERASE] = 0x7f;
        t.cc[VKILL] = 0x15;
        t.cc[VEOF] = 0x04;
        t.cc[VTIME] = 0;
        t.cc[VMIN] = 1;
        t.cc[VSWTC] = 0;
        t.cc[VSTART] = 0x11;
        t.cc[VSTOP] = 0x13;
        t.cc[VSUSP] = 0x1a;
        t.cc[VEOL] = 0;
        t.cc[VREPRINT] = 0x12;
        t.cc[VDISCARD] = 0x0f;
        t.cc[VWERASE] = 0x17;
        t.cc[VLNEXT] = 0x16;
        t.cc[VEOL2] = 0;
        return t;
    }

    /**
     * glibc's cfmakeraw(3) on this copy: no input mapping, no flow control,
     * no output processing, no echo, no line editing, no signals; 8-bit
     * characters; reads return as soon as one byte is there (MIN 1, TIME 0).
     */
    public Termios makeRaw() {
        iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        oflag &= ~OPOST;
        lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        cflag &= ~(CSIZE | PARENB);
        cflag |= CS8;
        cc[VMIN] = 1;
        cc[VTIME] = 0;
        return this;
    }

    public Termios copy() {
        Termios c = new Termios();
        c.iflag = iflag;
        c.oflag = oflag;
        c.cflag = cflag;
        c.lflag = lflag;
        System.arraycopy(cc, 0, c.cc, 0, NCCS);
        return c;
    }

    public int iflag() {
        return iflag;
    }

    public int oflag() {
        return oflag;
    }

    public int cflag() {
        return cflag;
    }

    public int lflag() {
        return lflag;
    }

    public Termios iflag(int v) {
        iflag = v;
        return this;
    }

    public Termios oflag(int v) {
        oflag = v;
        return this;
    }

    public Termios cflag(int v) {
        cflag = v;
        return this;
    }

    public Termios lflag(int v) {
        lflag = v;
        return this;
    }

    /** c_cc[index] as an unsigned value. */
    public int cc(int index) {
        return Byte.toUnsignedInt(cc[index]);
    }

    /** Sets c_cc[index]; {@code value} must fit an unsigned char. */
    public Termios cc(int index, int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("c_cc value " + value + " does not fit an unsigned char");
        }
        cc[index] = (byte) value;
        return this;
    }

    /** True if every bit of {@code bits} is set in c_iflag. */
    public boolean input(int bits) {
        return (iflag & bits) == bits;
    }

    /** True if every bit of {@code bits} is set in c_oflag. */
    public boolean output(int bits) {
        return (oflag & bits) == bits;
    }

    /** True if every bit of {@code bits} is set in c_lflag. */
    public boolean local(int bits) {
        return (lflag & bits) == bits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Termios t && iflag == t.iflag && oflag == t.oflag && cflag == t.cflag
                && lflag == t.lflag && Arrays.equals(cc, t.cc);
    }

    @Override
    public int hashCode() {
        return ((iflag * 31 + oflag) * 31 + cflag) * 31 + lflag + 17 * Arrays.hashCode(cc);
    }

    @Override
    public String toString() {
        return "Termios[iflag=0x" + Integer.toHexString(iflag) + " oflag=0x" + Integer.toHexString(oflag)
                + " cflag=0x" + Integer.toHexString(cflag) + " lflag=0x" + Integer.toHexString(lflag)
                + " cc=" + HexFormat.ofDelimiter(" ").formatHex(cc) + "]";
    }
}
