package dev.revoke.cli.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

class LexerTest {
    @Test
    void wordsStringsAndComments() throws ScenarioError {
        List<Token> t = Lexer.tokens("  t1: write fd \"a b\\n\\x00\\\"\"  # a comment \"not a string");
        assertEquals(List.of("t1:", "write", "fd"), t.subList(0, 3).stream().map(Token::text).toList());
        assertArrayEquals(new byte[] {'a', ' ', 'b', '\n', 0, '"'}, t.get(3).bytes());
        assertEquals(4, t.size());
    }

    @Test
    void utf8InStringsIsKeptAsBytes() throws ScenarioError {
        Token t = Lexer.tokens("say \"héllo\"").get(1);
        assertEquals("héllo", t.display());
        assertEquals(6, t.bytes().length);
    }

    @Test
    void badEscapesAndOpenStringsAreErrors() {
        assertThrows(ScenarioError.class, () -> Lexer.tokens("say \"\\q\""));
        assertThrows(ScenarioError.class, () -> Lexer.tokens("say \"\\xZZ\""));
        assertThrows(ScenarioError.class, () -> Lexer.tokens("say \"open"));
    }
}
