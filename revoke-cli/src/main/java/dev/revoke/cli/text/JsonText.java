package dev.revoke.cli.text;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The {@code --json} reports, written and (by the tests) read with jackson-jr. */
public final class JsonText {
    private static final JSON JSON_TEXT = JSON.std;

    /** Maps, lists, strings, numbers, booleans and null, as one line of JSON. */
    public static String of(Object value) {
        try {
            return JSON_TEXT.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON document into maps, lists and boxed values. */
    public static Object parse(String text) {
        try {
            return JSON_TEXT.anyFrom(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private JsonText() {}
}
