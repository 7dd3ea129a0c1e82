package dev.revoke.tty.ldisc;

import dev.revoke.tty.Termios;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.revoke.tty.Termios.ICANON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sleeping through the wait queue: readers woken by input, VMIN/VTIME
 * timing (with generous bounds), writers woken by the driver draining,
 * O_NONBLOCK, caller timeouts and interrupts, and the driver's own blocking
 * calls.
 */
class BlockingTest {
    private static final long MS = 1_000_000L;

    private static Ldisc raw(int min, int time) {
        return new Ldisc().settings(t -> t.makeRaw().cc(Termios.VMIN, min).cc(Termios.VTIME, time));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / MS;
    }

    @Test
    void aBlockedReaderIsWokenByInput() throws Exception {
        Ldisc l = new Ldisc();
        var reader = Threads.start("reader", () -> l.read(64, -1));
        Threads.awaitParked(reader.thread());
        l.type("hi");
        Thread.sleep(50);
        assertTrue(reader.thread().isAlive(), "half a line wakes no canonical reader for good");
        l.type("\n");
        assertEquals("hi\n", reader.get());
    }

    @Test
    void aPollerRegisteredOnTheQueueIsWokenByInput() throws Exception {
        Ldisc l = new Ldisc();
        CountDownLatch woken = new CountDownLatch(1);
        l.queue.add(woken::countDown);
        l.type("x\n");
        assertTrue(woken.await(5, TimeUnit.SECONDS));
        assertEquals(PollMask.POLLIN | PollMask.POLLRDNORM, l.tty.pollMask() & (PollMask.POLLIN | PollMask.POLLRDNORM));
    }

    @Test
    void minZeroTimeZeroNeverWaits() {
        Ldisc l = raw(0, 0);
        long start = System.nanoTime();
        assertEquals("", l.read(64, -1));
        byte[] b = new byte[8];
        assertEquals(0, l.tty.read(l.queue, b, 0, 8, true, -1), "0, not EAGAIN, even non-blocking");
        assertTrue(millisSince(start) < 1000);
    }

    @Test
    void minZeroTimeTwoGivesUpAfterTwoTenths() {
        Ldisc l = raw(0, 2);
        long start = System.nanoTime();
        assertEquals("", l.read(64, -1));
        long took = millisSince(start);
        assertTrue(took >= 150 && took < 3000, "took " + took + " ms");
        byte[] b = new byte[8];
        assertEquals(NTty.EAGAIN, l.tty.read(l.queue, b, 0, 8, true, -1));
    }

    @Test
    void minZeroTimeFiveReturnsAsSoonAsAByteComes() throws Exception {
        Ldisc l = raw(0, 5);
        long start = System.nanoTime();
        var reader = Threads.start("reader", () -> l.read(64, -1));
        Threads.awaitParked(reader.thread());
        l.type("a");
        assertEquals("a", reader.get());
        assertTrue(millisSince(start) < 450, "waited for the timer");
    }

    @Test
    void minThreeWaitsForThreeBytes() throws Exception {
        Ldisc l = raw(3, 0);
        var reader = Threads.start("reader", () -> l.read(64, -1));
        Threads.awaitParked(reader.thread());
        l.type("ab");
        Thread.sleep(200);
        assertTrue(reader.thread().isAlive(), "two bytes are not three");
        assertEquals(0, l.tty.pollMask() & PollMask.POLLIN, "poll waits for MIN too");
        l.type("cd");
        assertEquals("abcd", reader.get(), "at least MIN; whatever is there");
    }

    @Test
    void theInterByteTimerEndsAShortRead() {
        Ldisc l = raw(2, 1);
        l.type("a");
        long start = System.nanoTime();
        assertEquals("a", l.read(64, -1));
        long took = millisSince(start);
        assertTrue(took >= 70 && took < 3000, "took " + took + " ms");
    }

    @Test
    void theInterByteTimerDoesNotStartBeforeTheFirstByte() throws Exception {
        Ldisc l = raw(2, 1);
        var reader = Threads.start("reader", () -> l.read(64, -1));
        Threads.awaitParked(reader.thread());
        Thread.sleep(300);
        assertTrue(reader.thread().isAlive(), "TIME only counts after a byte");
        l.type("ab");
        assertEquals("ab", reader.get());
    }

    @Test
    void nonblockingAndTimedOutReadsAreEagain() {
        Ldisc l = new Ldisc();
        byte[] b = new byte[8];
        assertEquals(NTty.EAGAIN, l.tty.read(l.queue, b, 0, 8, true, -1));
        long start = System.nanoTime();
        assertEquals(NTty.EAGAIN, l.tty.read(l.queue, b, 0, 8, false, 100 * MS));
        assertTrue(millisSince(start) >= 80);
        assertEquals(0, l.tty.read(l.queue, b, 0, 0, false, -1), "a read of nothing returns at once");
    }

    @Test
    void anInterruptedReadIsEintr() throws Exception {
        Ldisc l = new Ldisc();
        var reader = Threads.start("reader", () -> l.read(64, -1));
        Threads.awaitParked(reader.thread());
        reader.thread().interrupt();
        assertEquals("result " + NTty.EINTR, reader.get());
    }

    @Test
    void aSecondReaderWaitsItsTurn() throws Exception {
        Ldisc l = raw(3, 0);
        var first = Threads.start("first", () -> l.read(64, -1));
        Threads.awaitParked(first.thread());
        var second = Threads.start("second", () -> l.read(64, -1));
        Threads.awaitParked(second.thread());
        byte[] b = new byte[8];
        assertEquals(NTty.EAGAIN, l.tty.read(l.queue, b, 0, 8, true, -1), "O_NONBLOCK while another reads");
        l.type("abc");
        assertEquals("abc", first.get(), "MIN counted for one reader, not split");
        l.type("def");
        assertEquals("def", second.get());
    }

    @Test
    void aWriterBlockedOnAFullQueueIsWokenWhenTheDriverDrains() throws Exception {
        Ldisc l = new Ldisc();
        byte[] fill = Ldisc.repeat('x', NTty.DEFAULT_OUTPUT_CAPACITY);
        assertEquals(fill.length, l.tty.writeNow(fill, 0, fill.length));
        byte[] hello = Ldisc.bytes("hello");
        assertEquals(NTty.EAGAIN, l.tty.write(l.queue, hello, 0, 5, true, -1));
        var writer = Threads.start("writer", () -> l.tty.write(l.queue, hello, 0, 5, false, -1));
        Threads.awaitParked(writer.thread());
        byte[] some = new byte[3];
        l.tty.drainOutput(some, 0, 3);
        Thread.sleep(50);
        assertTrue(writer.thread().isAlive(), "three bytes of room, five to write");
        String drained = l.screen();
        assertEquals(5, writer.get());
        drained += l.screen();
        assertEquals("x".repeat(NTty.DEFAULT_OUTPUT_CAPACITY - 3) + "hello", drained);
    }

    @Test
    void aTimedOutWriteReturnsWhatItWrote() {
        Ldisc l = new Ldisc();
        byte[] fill = Ldisc.repeat('x', NTty.DEFAULT_OUTPUT_CAPACITY - 2);
        l.tty.writeNow(fill, 0, fill.length);
        byte[] hello = Ldisc.bytes("hello");
        assertEquals(2, l.tty.write(l.queue, hello, 0, 5, false, 100 * MS));
        assertEquals(NTty.EAGAIN, l.tty.write(l.queue, hello, 2, 3, false, 50 * MS));
    }

    @Test
    void theMastersReadWaitsForOutput() throws Exception {
        Ldisc l = new Ldisc();
        byte[] b = new byte[64];
        assertEquals(NTty.EAGAIN, l.tty.drainOutput(l.queue, b, 0, 64, true, -1));
        var master = Threads.start("master", () -> l.tty.drainOutput(l.queue, b, 0, 64, false, -1));
        Threads.awaitParked(master.thread());
        l.write("ok\n");
        assertEquals(4, master.get());
        assertEquals("ok\r\n", Ldisc.string(b, 4));
    }

    @Test
    void theMastersWriteWaitsForTheReaderToMakeRoom() throws Exception {
        Ldisc l = new Ldisc().settings(t -> t.lflag(t.lflag() & ~(ICANON | Termios.ECHO)));
        int total = NTty.INPUT_BUFFER_SIZE + NTty.DEFAULT_RECEIVE_CAPACITY + 1000;
        byte[] typed = Ldisc.repeat('k', total);
        var master = Threads.start("master", () -> l.tty.receive(l.queue, typed, 0, typed.length, false, -1));
        Threads.awaitParked(master.thread());
        assertEquals(NTty.INPUT_BUFFER_SIZE - 1, l.tty.inputAvailable(), "one byte of the buffer is held back");
        assertEquals(0, l.tty.driverPollMask() & PollMask.POLLOUT);
        byte[] b = new byte[8192];
        int read = 0;
        while (read < total) {
            int n = l.tty.read(l.queue, b, 0, b.length, false, 5_000 * MS);
            assertTrue(n > 0, "read " + n + " after " + read);
            read += n;
        }
        assertEquals(total, master.get());
    }
}
