package dev.revoke.cli.scenario;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a scenario line into words: blanks separate, {@code #} starts a
 * comment, {@code "..."} is one word with C escapes ({@code \n \r \t \\ \"
 * \0 \xNN}), so a string can hold any byte a device might carry.
 */
final class Lexer {
    private Lexer() {
    }

    static List<Token> tokens(String line) throws ScenarioError {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                i = string(line, i + 1, out);
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '"') {
                    i++;
                }
                out.add(new Token(line.substring(start, i), false));
            }
        }
        return out;
    }

    /** Reads a string starting after its opening quote; returns the index after the closing one. */
    private static int string(String line, int i, List<Token> out) throws ScenarioError {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c == '"') {
                out.add(new Token(b.toString(StandardCharsets.ISO_8859_1), true));
                return i;
            }
            if (c != '\\') {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i < line.length()) {
                    utf8 = line.substring(i - 1, i + 1).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                b.writeBytes(utf8);
                continue;
            }
            if (i >= line.length()) {
                break;
            }
            char e = line.charAt(i++);
            switch (e) {
                case 'n' -> b.write('\n');
                case 'r' -> b.write('\r');
                case 't' -> b.write('\t');
                case '0' -> b.write(0);
                case '\\' -> b.write('\\');
                case '"' -> b.write('"');
                case 'x' -> {
                    if (i + 2 > line.length()) {
                        throw new ScenarioError("bad escape \\x: two hex digits wanted");
                    }
                    try {
                        b.write(Integer.parseInt(line.substring(i, i + 2), 16));
                    } catch (NumberFormatException x) {
                        throw new ScenarioError("bad escape \\x" + line.substring(i, i + 2) + ": two hex digits wanted");
                    }
                    i += 2;
                }
                default -> throw new ScenarioError("unknown escape \\" + e + " in a string");
            }
        }
        throw new ScenarioError("unterminated string (a \" is missing)");
    }
}
