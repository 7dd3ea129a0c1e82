package dev.revoke.tty.ldisc;

/**
 * Echoes waiting to be written to the output: characters, and the column
 * operations that must happen at the moment the echo reaches the output
 * rather than when the key arrived. Echoes are queued because the output may
 * be full or stopped; the column state they depend on (where a tab ends, where
 * the line began) is known only when they are finally written, so erasing a
 * tab is recorded as an operation, not as a count of backspaces.
 *
 * <p>Entries are ints: a plain byte {@code 0x00-0xff} goes out through output
 * processing; the other kinds carry a tag in the bits above. When echoes pile
 * up past {@link #DISCARD_MARK} the oldest are dropped, as N_TTY drops them,
 * so a stopped terminal with a key held down cannot grow memory.
 */
final class EchoBuffer {
    static final int TAG = 0xf00;
    /** {@code ^X}: a control character shown as a caret and a letter. */
    static final int CONTROL = 0x100;
    /** Move the column one left without writing anything. */
    static final int MOVE_BACK_COLUMN = 0x200;
    /** Remember the current column as where the line being edited began. */
    static final int SET_CANON_COLUMN = 0x300;
    /** Back over a tab; low 3 bits: columns used since the line or previous tab; bit 3: after a tab. */
    static final int ERASE_TAB = 0x400;
    static final int ERASE_TAB_AFTER_TAB = 0x8;
    /** A byte written as is, without output processing, taking one column. */
    static final int LITERAL = 0x500;

    private static final int CAPACITY = 4096;
    /** N_TTY's ECHO_DISCARD_WATERMARK: its buffer size less a 256-byte block and 32 spare. */
    static final int DISCARD_MARK = CAPACITY - (256 + 32);

    private final int[] ring = new int[CAPACITY];
    private long head;
    private long tail;

    int size() {
        return (int) (head - tail);
    }

    boolean isEmpty() {
        return head == tail;
    }

    int peek() {
        return ring[(int) (tail % CAPACITY)];
    }

    void pop() {
        tail++;
    }

    private void add(int entry) {
        if (size() == CAPACITY) {
            tail++;
        }
        ring[(int) (head++ % CAPACITY)] = entry;
    }

    /** Echoes {@code c} as is (N_TTY's echo_char_raw). */
    void raw(int c) {
        add(c == 0xff ? LITERAL | c : c);
    }

    /** Echoes {@code c}, as {@code ^X} if it is a control character other than tab and ECHOCTL is on. */
    void character(int c, boolean echoctl) {
        if (c == 0xff) {
            add(LITERAL | c);
        } else if (echoctl && KernelCtype.isControl(c) && c != '\t') {
            add(CONTROL | c);
        } else {
            add(c);
        }
    }

    void moveBackColumn() {
        add(MOVE_BACK_COLUMN);
    }

    void setCanonColumn() {
        add(SET_CANON_COLUMN);
    }

    void eraseTab(int columnsUsed, boolean afterTab) {
        add(ERASE_TAB | (columnsUsed & 7) | (afterTab ? ERASE_TAB_AFTER_TAB : 0));
    }

    /** Drops the oldest echoes until fewer than {@link #DISCARD_MARK} remain. */
    void discardOverflow() {
        while (size() >= DISCARD_MARK) {
            tail++;
        }
    }

    void clear() {
        tail = head;
    }
}
