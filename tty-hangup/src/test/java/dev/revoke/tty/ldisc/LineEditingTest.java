package dev.revoke.tty.ldisc;

import dev.revoke.tty.Termios;
import org.junit.jupiter.api.Test;

import static dev.revoke.tty.Termios.ECHO;
import static dev.revoke.tty.Termios.ECHOCTL;
import static dev.revoke.tty.Termios.ECHOE;
import static dev.revoke.tty.Termios.ECHOKE;
import static dev.revoke.tty.Termios.ECHONL;
import static dev.revoke.tty.Termios.ICANON;
import static dev.revoke.tty.Termios.ICRNL;
import static dev.revoke.tty.Termios.IGNCR;
import static dev.revoke.tty.Termios.INLCR;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Canonical mode: lines, editing characters, EOF, CR/NL mapping, and what the echo shows. */
class LineEditingTest {

    @Test
    void aReadReturnsOneCompleteLine() {
        Ldisc l = new Ldisc();
        l.type("ab");
        assertEquals("EAGAIN", l.readNow(64), "no line yet");
        assertEquals(0, l.tty.inputAvailable(), "the line being typed is not counted");
        l.type("c\nde\n");
        assertEquals(7, l.tty.inputAvailable());
        assertEquals("abc\n", l.readNow(64));
        assertEquals("d", l.readNow(1), "a short buffer takes part of the line");
        assertEquals("e\n", l.readNow(64));
        assertEquals("abc\r\nde\r\n", l.screen(), "echoed, NL shown as CR NL");
    }

    @Test
    void eraseTakesBackOneCharacterAndRubsItOut() {
        Ldisc l = new Ldisc();
        l.type("abx\u007fc\n");
        assertEquals("abc\n", l.readNow(64));
        assertEquals("abx\b \bc\r\n", l.screen());
    }

    @Test
    void eraseStopsAtTheStartOfTheLine() {
        Ldisc l = new Ldisc();
        l.type("a\n\u007f\u007fb\n");
        assertEquals("a\n", l.readNow(64));
        assertEquals("b\n", l.readNow(64), "a complete line cannot be erased");
        assertEquals("a\r\nb\r\n", l.screen());
    }

    @Test
    void killTakesTheWholeLine() {
        Ldisc l = new Ldisc();
        l.type("junk\u0015ok\n");
        assertEquals("ok\n", l.readNow(64));
        assertEquals("junk" + "\b \b".repeat(4) + "ok\r\n", l.screen(), "ECHOKE rubs out every column");
    }

    @Test
    void killWithoutEchokeShowsTheKillCharacterAndANewline() {
        Ldisc l = new Ldisc().settings(t -> t.lflag(t.lflag() & ~ECHOKE));
        l.type("junk\u0015ok\n");
        assertEquals("ok\n", l.readNow(64));
        assertEquals("junk^U\r\nok\r\n", l.screen());
    }

    @Test
    void eraseWithoutEchoeShowsTheEraseCharacter() {
        Ldisc l = new Ldisc().settings(t -> t.lflag(t.lflag() & ~ECHOE));
        l.type("ab\u007f\n");
        assertEquals("a\n", l.readNow(64));
        assertEquals("ab^?\r\n", l.screen());
    }

    @Test
    void wordEraseTakesTheLastWordAndTheBlanksAfterIt() {
        Ldisc l = new Ldisc();
        l.type("cp a_b  \u0017x\n");
        assertEquals("cp x\n", l.readNow(64));
    }

    @Test
    void controlCharactersEchoAsCaretFormsAndEraseAsTwoColumns() {
        Ldisc l = new Ldisc();
        l.type("\u0001\u007f");
        assertEquals("^A\b \b\b \b", l.screen());
        l.settings(t -> t.lflag(t.lflag() & ~ECHOCTL));
        l.type("\u0001\u007f\n");
        assertEquals("\u0001\r\n", l.screen(), "raw control character, no rub-out for it");
    }

    @Test
    void eofAtLineStartReadsAsZeroAndMidLineEndsTheRead() {
        Ldisc l = new Ldisc();
        l.type("\u0004");
        assertEquals(0, l.tty.inputAvailable(), "EOF is not counted");
        assertEquals("", l.readNow(64), "read returns 0: end of file");
        l.type("abc\u0004");
        assertEquals(3, l.tty.inputAvailable());
        assertEquals("abc", l.readNow(64), "no newline added");
        assertEquals("EAGAIN", l.readNow(64), "the EOF went with the line");
        assertEquals("abc", l.screen(), "EOF is not echoed");
    }

    @Test
    void aReadOfNothingConsumesNothing() {
        Ldisc l = new Ldisc();
        assertEquals("EAGAIN", l.readNow(0), "nothing to read yet");
        l.type("\u0004");
        assertEquals("", l.readNow(0));
        assertEquals("", l.readNow(64), "the EOF is still there to be read");
        assertEquals("EAGAIN", l.readNow(64));
    }

    @Test
    void anEofLeftAfterAFullBufferIsConsumedWithTheLine() {
        Ldisc l = new Ldisc();
        l.type("xyz\u0004");
        assertEquals("xyz", l.readNow(3));
        assertEquals("EAGAIN", l.readNow(64), "not a second, empty, read");
    }

    @Test
    void literalNextQuotesAnEditingCharacter() {
        Ldisc l = new Ldisc();
        l.type("a\u0016\u007f\n");
        assertEquals("a\u007f\n", l.readNow(64));
        assertEquals("a^\b^?\r\n", l.screen());
    }

    @Test
    void carriageReturnMapping() {
        Ldisc l = new Ldisc();
        l.type("a\r");
        assertEquals("a\n", l.readNow(64), "ICRNL");
        l.settings(t -> t.iflag(t.iflag() | IGNCR));
        l.type("b\rc\n");
        assertEquals("bc\n", l.readNow(64), "IGNCR");
        l.settings(t -> t.iflag((t.iflag() & ~(IGNCR | ICRNL)) | INLCR).lflag(t.lflag() & ~ICANON));
        l.type("\n");
        assertEquals("\r", l.readNow(64), "INLCR");
    }

    @Test
    void echoOffShowsNothingButEchonlShowsNewlines() {
        Ldisc l = new Ldisc().settings(t -> t.lflag(t.lflag() & ~ECHO));
        l.type("secret\n");
        assertEquals("", l.screen());
        l.settings(t -> t.lflag(t.lflag() | ECHONL));
        l.type("pw\n");
        assertEquals("\r\n", l.screen());
        assertEquals("secret\n", l.readNow(64));
    }

    @Test
    void aCanonicalLineIsCappedAtTheBufferSizeButCanStillEnd() {
        Ldisc l = new Ldisc().settings(t -> t.lflag(t.lflag() & ~ECHO));
        byte[] many = Ldisc.repeat('a', 5000);
        assertEquals(5000, l.tty.receive(many, 0, many.length), "taken: excess bytes replace the last");
        l.type("\n");
        byte[] b = new byte[8192];
        int n = l.tty.readNow(b, 0, b.length);
        assertEquals(NTty.INPUT_BUFFER_SIZE, n);
        assertEquals('\n', b[n - 1], "the newline replaced the last byte");
    }

    @Test
    void switchingToCanonicalMakesPendingBytesALine() {
        Ldisc l = new Ldisc().settings(t -> t.lflag(t.lflag() & ~ICANON));
        l.type("raw");
        l.settings(t -> t.lflag(t.lflag() | ICANON));
        assertEquals(3, l.tty.inputAvailable());
        assertEquals("raw", l.readNow(64));
    }

    @Test
    void settingsAreCopiedInAndOut() {
        Ldisc l = new Ldisc();
        Termios t = l.tty.termios();
        t.lflag(0);
        assertEquals(Termios.ptySlaveDefaults(), l.tty.termios(), "editing a copy changes nothing");
    }
}
