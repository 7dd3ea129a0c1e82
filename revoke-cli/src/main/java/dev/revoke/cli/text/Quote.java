package dev.revoke.cli.text;

import java.nio.charset.StandardCharsets;

/** C-style quoting, as strace prints buffers: {@code "login: \r\n"}. */
public final class Quote {
    private Quote() {
    }

    public static String bytes(byte[] b) {
        StringBuilder s = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        s.append(String.format("\\x%02x", c));
                    } else {
                        s.append((char) c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    public static String string(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
