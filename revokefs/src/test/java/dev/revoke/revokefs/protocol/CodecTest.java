package dev.revoke.revokefs.protocol;

import dev.revoke.revokefs.fuse.fuse_dirent;
import dev.revoke.revokefs.fuse.fuse_entry_out;
import dev.revoke.revokefs.fuse.fuse_in_header;
import dev.revoke.revokefs.fuse.fuse_open_out;
import dev.revoke.revokefs.fuse.fuse_read_in;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codec without a kernel: requests parse, replies lay out as the kernel reads them. */
class CodecTest {

    @Test
    void opcodeConstantsMatchTheHeader() {
        Map<String, int[]> all = Opcodes.againstHeader();
        assertTrue(all.size() > 45, "opcodes: " + all.size());
        List<String> wrong = new ArrayList<>();
        all.forEach((name, v) -> {
            if (v[0] != v[1]) {
                wrong.add(name + " ours " + v[0] + " header " + v[1]);
            }
        });
        assertEquals(List.of(), wrong);
        assertEquals("LOOKUP", Opcodes.name(1));
        assertEquals("OP_4096", Opcodes.name(4096));
    }

    @Test
    void requestHeaderFieldsAndNames() {
        byte[] body = "kmsg\0".getBytes(StandardCharsets.UTF_8);
        Request r = Request.of(Opcodes.LOOKUP, 42, 7, 1000, 100, 4321, body);
        assertEquals(Opcodes.LOOKUP, r.opcode());
        assertEquals(42, r.unique());
        assertEquals(7, r.nodeId());
        assertEquals(1000, r.uid());
        assertEquals(100, r.gid());
        assertEquals(4321, r.pid());
        assertEquals("kmsg", r.string(0));
        assertEquals(5, r.afterString(0));
    }

    @Test
    void twoNamesBackToBack() {
        byte[] body = "old\0new\0".getBytes(StandardCharsets.UTF_8);
        Request r = Request.of(Opcodes.SYMLINK, 2, 1, 0, 0, 1, body);
        assertEquals("old", r.string(0));
        assertEquals("new", r.string(r.afterString(0)));
    }

    @Test
    void malformedRequestsAreRefused() {
        MemorySegment short8 = MemorySegment.ofArray(new long[1]);
        assertThrows(ProtocolException.class, () -> Request.copyOf(short8, 8));
        Request noNul = Request.of(Opcodes.LOOKUP, 2, 1, 0, 0, 1, "abc".getBytes(StandardCharsets.UTF_8));
        assertThrows(ProtocolException.class, () -> noNul.string(0));
        Request tiny = Request.of(Opcodes.READ, 2, 1, 0, 0, 1, new byte[8]);
        assertThrows(ProtocolException.class, () -> tiny.arg(fuse_read_in.sizeof()));
    }

    @Test
    void copyOfChecksTheDeclaredLength() {
        MemorySegment raw = MemorySegment.ofArray(new long[8]);
        fuse_in_header.len(raw, 56);
        fuse_in_header.opcode(raw, Opcodes.GETATTR);
        fuse_in_header.unique(raw, 9);
        assertEquals(9, Request.copyOf(raw, 56).unique());
        assertEquals(16, Request.copyOf(raw, 56).bodySize());
        assertThrows(ProtocolException.class, () -> Request.copyOf(raw, 48));
    }

    @Test
    void entryAndOpenRepliesLayOutAsTheKernelReadsThem() {
        Attr a = new Attr(99, 5, 1, 10, 1, 20, 2, 30, 3, 0100644, 1, 1000, 100, 0, 4096);
        Reply e = Replies.entry(17, 0, 1_500_000_000L, 0, a);
        MemorySegment b = e.body();
        assertEquals(fuse_entry_out.sizeof(), b.byteSize());
        assertEquals(17, fuse_entry_out.nodeid(b));
        assertEquals(1, fuse_entry_out.entry_valid(b));
        assertEquals(500_000_000, fuse_entry_out.entry_valid_nsec(b));
        assertEquals(a, Attr.readFrom(fuse_entry_out.attr(b)));

        Reply c = Replies.create(17, 0, 0, 0, a, 5, 1);
        MemorySegment o = c.body().asSlice(fuse_entry_out.sizeof());
        assertEquals(5, fuse_open_out.fh(o));
        assertEquals(1, fuse_open_out.open_flags(o));
    }

    @Test
    void errorsAreNegativeAndNoneSendsNothing() {
        assertEquals(-2, Reply.error(-2).error());
        assertThrows(IllegalArgumentException.class, () -> Reply.error(2));
        assertTrue(Reply.NONE.isNone());
        assertEquals(0, Reply.OK.body().byteSize());
        assertEquals(-5, Reply.status(-5).error());
        assertEquals(0, Reply.status(3).error());
    }

    @Test
    void direntsArePaddedAndResumable() {
        List<Dirents.Entry> listing = List.of(
                new Dirents.Entry(".", 1, Dirents.DT_DIR),
                new Dirents.Entry("..", 1, Dirents.DT_DIR),
                new Dirents.Entry("uptime", 5, Dirents.DT_REG),
                new Dirents.Entry("a-rather-long-name", 6, Dirents.DT_REG));
        assertEquals(32, Dirents.recordSize(1));
        assertEquals(32, Dirents.recordSize(8));
        assertEquals(40, Dirents.recordSize(9));

        Reply all = Dirents.encode(listing, 0, 4096);
        MemorySegment b = all.body();
        assertEquals(32 + 32 + 32 + 48, b.byteSize());
        long at = 0;
        List<String> names = new ArrayList<>();
        List<Long> offs = new ArrayList<>();
        while (at < b.byteSize()) {
            MemorySegment d = b.asSlice(at);
            int len = fuse_dirent.namelen(d);
            names.add(new String(d.asSlice(24, len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            offs.add(fuse_dirent.off(d));
            at += Dirents.recordSize(len);
        }
        assertEquals(List.of(".", "..", "uptime", "a-rather-long-name"), names);
        assertEquals(List.of(1L, 2L, 3L, 4L), offs);

        // A small buffer takes whole entries only; the kernel continues at the last off.
        Reply first = Dirents.encode(listing, 0, 70);
        assertEquals(64, first.body().byteSize());
        Reply rest = Dirents.encode(listing, 2, 4096);
        assertEquals(80, rest.body().byteSize());
        assertEquals(0, Dirents.encode(listing, 4, 4096).body().byteSize());
        assertArrayEquals(new byte[0], Dirents.encode(listing, 9, 4096).bodyBytes());
    }
}
