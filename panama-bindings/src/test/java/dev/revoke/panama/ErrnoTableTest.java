package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Errno is typed in by hand; the headers, through jextract, are the reference. */
class ErrnoTableTest {

    @Test
    void everyErrnoMatchesTheHeaders() throws ReflectiveOperationException {
        for (Errno e : Errno.values()) {
            Method m = Libc.class.getMethod(e.name());
            assertEquals(e.number(), (int) m.invoke(null), e.name());
        }
    }

    @Test
    void everyErrnoInTheHeadersIsInTheTable() throws IOException, ReflectiveOperationException {
        List<String> fromHeaders = errnoNamesInArgsFile();
        assertEquals(Errno.values().length + 3, fromHeaders.size(), "one constant per errno, plus three aliases");
        for (String name : fromHeaders) {
            int number = (int) Libc.class.getMethod(name).invoke(null);
            String canonical = switch (name) {
                case "EWOULDBLOCK" -> "EAGAIN";
                case "EDEADLOCK" -> "EDEADLK";
                case "ENOTSUP" -> "EOPNOTSUPP";
                default -> name;
            };
            assertEquals(canonical, Errno.nameOf(number), name);
        }
        assertEquals(Libc.EWOULDBLOCK(), Errno.EWOULDBLOCK);
        assertEquals(Libc.ENOTSUP(), Errno.ENOTSUP);
    }

    /** The errno section of jextract.args: every --include-constant after its heading. */
    private static List<String> errnoNamesInArgsFile() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/main/native/jextract.args"));
        int heading = lines.indexOf(lines.stream().filter(l -> l.startsWith("# every Linux errno")).findFirst().orElseThrow());
        return lines.subList(heading + 1, lines.size()).stream()
                .filter(l -> l.startsWith("--include-constant "))
                .map(l -> l.substring("--include-constant ".length()).trim())
                .toList();
    }

    @Test
    void numbersAndNamesRoundTrip() {
        assertSame(Errno.EBADF, Errno.of(9));
        assertSame(Errno.ENOTTY, Errno.of(25));
        assertEquals(-11, Errno.EAGAIN.negative());
        assertNull(Errno.of(0));
        assertNull(Errno.of(-9));
        assertNull(Errno.of(600));
        assertEquals("errno 600", Errno.nameOf(600));
        assertEquals("Bad file descriptor", Errno.EBADF.description());
    }
}
