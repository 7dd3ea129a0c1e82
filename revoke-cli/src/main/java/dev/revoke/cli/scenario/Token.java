package dev.revoke.cli.scenario;

import dev.revoke.cli.text.Quote;

import java.nio.charset.StandardCharsets;

/** One word of a scenario line; {@code quoted} for a "string" (whose escapes are already decoded). */
public record Token(String text, boolean quoted) {
    /** The bytes of a string (its text holds one byte per char). */
    public byte[] bytes() {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The text as a person reads it: a string's bytes decoded as UTF-8. */
    public String display() {
        return quoted ? new String(bytes(), StandardCharsets.UTF_8) : text;
    }

    public boolean is(String word) {
        return !quoted && text.equals(word);
    }

    @Override
    public String toString() {
        return quoted ? Quote.bytes(bytes()) : text;
    }
}
