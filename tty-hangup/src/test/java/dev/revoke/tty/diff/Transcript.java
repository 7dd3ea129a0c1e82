package dev.revoke.tty.diff;

import dev.revoke.panama.Errno;

import java.util.ArrayList;
import java.util.List;

/**
 * The record of one script run: a line per step, "description -> result",
 * where results are written the same way for both backends so that two
 * transcripts can be compared as strings.
 */
final class Transcript {
    private final List<String> lines = new ArrayList<>();

    void add(String step, String result) {
        lines.add(step + " -> " + result);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }

    /** 'a\n\x03': printable ASCII as is, C escapes for \n \r \t \b, \xHH for the rest. */
    static String quote(byte[] b) {
        StringBuilder s = new StringBuilder("'");
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\b' -> s.append("\\b");
                case '\\' -> s.append("\\\\");
                case '\'' -> s.append("\\'");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        s.append((char) c);
                    } else {
                        s.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return s.append('\'').toString();
    }

    /** "EAGAIN" for -11; the number itself when non-negative. */
    static String errnoOr(int r) {
        return r < 0 ? Errno.nameOf(-r) : Integer.toString(r);
    }

    static String readResult(IoResult r) {
        return r.result() < 0 ? Errno.nameOf(-r.result()) : "read " + r.result() + " " + quote(r.data());
    }

    static String writeResult(int r) {
        return r < 0 ? Errno.nameOf(-r) : "wrote " + r;
    }
}
