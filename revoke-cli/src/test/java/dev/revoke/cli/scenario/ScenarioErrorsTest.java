package dev.revoke.cli.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a scenario file that is wrong gets: {@code FILE:LINE: reason} and
 * exit 2 for a malformed line (nothing runs), {@code FILE:LINE: expected X,
 * got Y} and exit 1 for an expectation that fails, exit 1 for a hang.
 */
class ScenarioErrorsTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("s.scenario"), text);
    }

    private Run sim(String text) throws IOException {
        return Run.of("sim", "-q", file(text).toString());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "process p uid=0\\np: frobnicate 3                          | 2 | unknown call 'frobnicate'",
            "frobnicate                                                 | 1 | unknown command 'frobnicate'",
            "process p\\np: read fd 16                                  | 2 | unknown name 'fd' for FD",
            "q: read 3 16                                               | 1 | unknown thread 'q'",
            "process p\\np: open /dev/null O_BOGUS                      | 2 | bad FLAGS 'O_BOGUS'",
            "process p\\np: open dev/null O_RDONLY                      | 2 | expected PATH (an absolute path)",
            "process p\\np: write 3 \"abc                               | 2 | unterminated string",
            "process p\\np: read& 3 16                                  | 2 | never waited for",
            "process p\\np: read& 3 16\\np: read 3 16\\nwait p          | 3 | still in its background call of line 2",
            "device /dev/x fifo 240                                     | 1 | bad device number '240'",
            "device /dev/x tty 4:1                                      | 1 | unknown device kind 'tty' (kinds: fifo, null); a terminal is made with `pty NAME for PROC`",
            "expect LAST === 3                                          | 1 | unknown operator '==='",
            "expect data == 3                                           | 1 | data is data",
            "process p\\nprocess p                                      | 2 | 'p' is already declared",
            "process x\\npty t x                                        | 2 | expected 'for'",
            "pty t for nobody                                           | 1 | unknown process 'nobody'",
            "process x\\npty x for x                                    | 2 | 'x' already names a process or thread",
            "process x\\npty t for x\\npty t for x                      | 3 | 't' is already declared",
            "process x\\npty 3t for x                                   | 2 | bad name '3t'",
            "process sh\\nlogin sh on term                              | 2 | unknown pty 'term' (make one with `pty term for PROC`",
            "process sh\\nlogin sh at /dev/pts/0                        | 2 | expected 'on'",
            "login nobody on /dev/pts/0                                 | 1 | unknown process 'nobody'",
            "hangup                                                     | 1 | missing NAME or PATH; usage: hangup NAME",
            "hangup term                                                | 1 | unknown pty 'term'",
            "hangup /dev/pts/0 now                                      | 1 | unexpected 'now'",
            "process p\\np: tcsetattr 0 -bogus                          | 2 | unknown setting '-bogus' (settings: raw sane icrnl",
            "process p\\np: tcsetattr 0                                 | 2 | missing SETTING",
            "process p\\np: ioctl 0 TIOCSWINSZ 24by80                   | 2 | bad window size '24by80' (ROWSxCOLS, e.g. 24x80)",
            "process p\\np: ioctl 0 TCGETS 5                            | 2 | unexpected '5'",
            "process p\\np: ioctl 0 TIOCSPGRP q.pgrp                    | 2 | unknown name 'q.pgrp' for ARG",
            "process p\\np: setsid now                                  | 2 | unexpected 'now'; usage: setsid",
            "process p\\np: vhangup 1                                   | 2 | unexpected '1'; usage: vhangup",
            "process p\\nexpect p.signals == SIGHUP                     | 2 | expected a list such as [SIGHUP, SIGCONT]",
            "process p\\nexpect p.signals == [SIGHUP, SIGFOO]           | 2 | unknown signal 'SIGFOO'",
            "process p\\nexpect p.signals has SIGHUP                    | 2 | signals are checked with `contains SIGNAL`",
            "expect q.signals == []                                     | 1 | unknown process 'q'",
            "process p\\nexpect p.uid == 0                              | 2 | unknown field 'uid'",
            "wait nobody                                                | 1 | unknown thread 'nobody'",
            "sleep soon                                                 | 1 | bad DURATION 'soon'",
    })
    void aMalformedLineIsReportedWithFileAndLineAndNothingRuns(String text, int line, String reason) throws IOException {
        Path f = file(text.replace("\\n", "\n"));
        Run r = Run.of("sim", f.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
        assertTrue(r.err().startsWith(f + ":" + line + ": "), r.toString());
        assertTrue(r.err().contains(reason), r.toString());
        assertEquals("", r.out(), "nothing ran");
    }

    @Test
    void aFailedExpectationSaysExpectedAndGot() throws IOException {
        Run r = sim("""
                process p
                # the first open gets 3
                p: open /dev/null O_RDONLY -> fd
                expect LAST == 4
                expect LAST == 3
                """);
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertEquals(dir.resolve("s.scenario") + ":4: expected LAST == 4, got 3\n", r.err());
    }

    @Test
    void errnoAndDataExpectationsShowWhatTheyGotInTheirOwnTerms() throws IOException {
        Run errno = sim("process p\np: open /nope O_RDONLY\nexpect LAST == EACCES\n");
        assertEquals(ExitCodes.FAILED, errno.exit(), errno.toString());
        assertTrue(errno.err().endsWith(":3: expected LAST == EACCES, got ENOENT\n"), errno.toString());
        Run data = sim("process p\np: open /proc/version O_RDONLY -> v\np: read v 5\nexpect data == \"BSD\"\n");
        assertEquals(ExitCodes.FAILED, data.exit(), data.toString());
        assertTrue(data.err().endsWith(":4: expected data == \"BSD\", got \"Linux\"\n"), data.toString());
    }

    @Test
    void aForegroundCallThatSleepsIsReportedAsAHang() throws IOException {
        Run r = sim("""
                timeout 200ms
                process p
                device /dev/ttyF0 fifo 240:0
                p: open /dev/ttyF0 O_RDWR -> fd
                p: read fd 16
                """);
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertTrue(r.err().startsWith(dir.resolve("s.scenario") + ":5: p[2]: read(3, 16) has not returned after 200 ms"), r.toString());
        assertTrue(r.err().contains("`p: read& ...`"), r.toString());
    }

    @Test
    void aWaitForACallThatNeverWakesIsReportedAsAHang() throws IOException {
        Run r = sim("""
                process p
                device /dev/ttyF0 fifo 240:0
                p: open /dev/ttyF0 O_RDWR -> fd
                p: read& fd 16
                expect p asleep
                wait p 100ms
                """);
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertTrue(r.err().startsWith(dir.resolve("s.scenario") + ":6: wait p: p[2]: read(3, 16) has not returned after 100 ms"), r.toString());
    }

    @Test
    void hangingUpWhatIsNotATerminalFailsAtItsLine() throws IOException {
        Run devNull = sim("hangup /dev/null\n");
        assertEquals(ExitCodes.FAILED, devNull.exit(), devNull.toString());
        assertEquals(dir.resolve("s.scenario") + ":1: hangup /dev/null: not a terminal (character device 1:3)\n", devNull.err());
        Run devTty = sim("# the caller's terminal is no terminal of its own\nhangup /dev/tty\n");
        assertEquals(ExitCodes.FAILED, devTty.exit(), devTty.toString());
        assertTrue(devTty.err().startsWith(dir.resolve("s.scenario") + ":2: hangup /dev/tty: /dev/tty stands for the caller's"
                + " controlling terminal"), devTty.toString());
        Run gone = sim("hangup /dev/pts/7\n");
        assertEquals(ExitCodes.FAILED, gone.exit(), gone.toString());
        assertEquals(dir.resolve("s.scenario") + ":1: hangup /dev/pts/7: No such file or directory\n", gone.err());
    }

    @Test
    void aSignalListExpectationShowsTheSignalsReceived() throws IOException {
        Run r = sim("""
                process xterm
                process sh
                pty term for xterm
                login sh on term
                expect sh.signals == []
                hangup term
                expect sh.signals == [SIGHUP]
                """);
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertEquals(dir.resolve("s.scenario") + ":7: expected sh.signals == [SIGHUP], got [SIGHUP, SIGCONT]\n", r.err());
    }

    @Test
    void aProcessFieldOnTheRightIsShownWithItsValue() throws IOException {
        Run r = sim("""
                process xterm
                process sh
                pty term for xterm
                login sh on term
                sh: ioctl 0 TIOCGPGRP
                expect sh.arg == xterm.pid
                """);
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertEquals(dir.resolve("s.scenario") + ":6: expected sh.arg == xterm.pid (2), got 3\n", r.err());
    }

    @Test
    void aMissingFileIsAUsageError() {
        Run r = Run.of("sim", "/nope.scenario");
        assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
        assertEquals("revoke: /nope.scenario: No such file or directory\n", r.err());
    }

    @Test
    void severalFilesExitWithTheWorst() throws IOException {
        Path good = Files.writeString(dir.resolve("good.scenario"), "process p\np: open /dev/null O_RDONLY\nexpect LAST == 3\n");
        Path bad = Files.writeString(dir.resolve("bad.scenario"), "process p\nexpect LAST == 3\n");
        Run r = Run.of("sim", "-q", good.toString(), bad.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertTrue(r.out().contains(good + ": ok"), r.toString());
        assertTrue(r.err().contains(bad + ":2: expected LAST == 3, got nothing yet"), r.toString());
    }
}
