package dev.revoke.tty.diff;

/** What a read or write returned: a count or {@code -errno}, and for reads the bytes. */
record IoResult(int result, byte[] data) {
    static IoResult of(int result) {
        return new IoResult(result, new byte[0]);
    }
}
