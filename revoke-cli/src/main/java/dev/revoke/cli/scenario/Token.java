package dev.revoke.cli.scenario;

/** One word of a scenario line; {@code quoted} for a "string" (whose escapes are already decoded). */
public record Token(String text, boolean quoted) {
    /** The bytes of a string (its text holds one byte per char). */
    public byte[] bytes() {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The text as a person reads it: a string's bytes decoded as UTF-8. */
    public String display() {
        return quoted ? new String(bytes(), java.nio.charset.StandardCharsets.UTF_8) : text;
    }

    public boolean is(String word) {
        return !quoted && text.equals(word);
    }

    @Override
    public String toString() {
        return quoted ? dev.revoke.cli.text.Quote.bytes(bytes()) : text;
    }
}
