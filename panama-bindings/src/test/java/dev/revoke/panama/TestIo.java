package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Reads that cannot hang a test run: every wait is a poll with a deadline. */
final class TestIo {
    static final int TIMEOUT_MS = 5_000;

    private TestIo() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static void writeAll(NativeFd fd, String s) throws ErrnoException {
        byte[] b = bytes(s);
        Posix.writeFully(fd.raw(), b, 0, b.length);
    }

    /** Reads exactly {@code n} bytes, or fails the test after {@link #TIMEOUT_MS}. */
    static String readExactly(NativeFd fd, int n) throws ErrnoException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[n];
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
        while (got.size() < n) {
            int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            if (left <= 0) {
                fail("timed out with " + got.size() + " of " + n + " bytes: " + got.toString(StandardCharsets.ISO_8859_1));
            }
            int revents = Posix.poll(fd.raw(), Libc.POLLIN(), left);
            if (revents == 0) {
                continue;
            }
            assertTrue((revents & Libc.POLLIN()) != 0, "revents 0x" + Integer.toHexString(revents));
            int r = Posix.read(fd.raw(), buf, 0, n - got.size());
            if (r == 0) {
                fail("EOF after " + got.size() + " of " + n + " bytes");
            }
            got.write(buf, 0, r);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** Waits until FIONREAD on {@code fd} reports at least {@code n}; returns what it last reported. */
    static int awaitAvailable(NativeFd fd, int n) throws ErrnoException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
        int available;
        while ((available = Posix.bytesAvailable(fd.raw())) < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return available;
    }
}
