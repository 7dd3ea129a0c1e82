package dev.revoke.tty.ldisc;

import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.Revoke;
import dev.revoke.mechanism.RevokeReport;
import dev.revoke.tty.Termios;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A revocation ends the sleeps of a tty's blocking calls. The tty's files go
 * through the gate as the integrator's will: start_using, the call sleeping
 * on the tty's own wait queue, stop_using. The revoker's drain cannot finish
 * until they leave, so these tests also show no sleeper can hold it up.
 */
class RevocationTest {
    private final Revokable resource = Revokable.create("tty");
    private final Ldisc l = new Ldisc(resource.waitQueue());

    private <T> T gated(Revoke file, Callable<T> call) throws Exception {
        assertTrue(file.startUsing(), "the file is live");
        try {
            return call.call();
        } finally {
            file.stopUsing();
        }
    }

    private Threads.Call<Integer> gatedRead(Revoke file, byte[] b) {
        return Threads.start("reader", () -> gated(file, () -> l.tty.read(resource.waitQueue(), b, 0, b.length, false, -1)));
    }

    @Test
    void aBlockedReaderReturnsRevoked() throws Exception {
        Revoke file = Revoke.makeRevokable(() -> { }, resource);
        var reader = gatedRead(file, new byte[64]);
        Threads.awaitParked(reader.thread());

        RevokeReport report = resource.revokeIt();

        assertEquals(NTty.REVOKED, reader.get());
        assertEquals(1, report.released());
        assertTrue(!file.startUsing(), "the gate is shut");
        assertEquals(NTty.REVOKED, l.tty.read(resource.waitQueue(), new byte[8], 0, 8, false, -1),
                "a later sleep on the dead queue returns at once");
    }

    @Test
    void aReadThatGotSomeBytesReturnsThem() throws Exception {
        l.settings(t -> t.makeRaw().cc(Termios.VMIN, 5));
        Revoke file = Revoke.makeRevokable(() -> { }, resource);
        byte[] b = new byte[64];
        var reader = gatedRead(file, b);
        Threads.awaitParked(reader.thread());
        l.type("ab");
        Thread.sleep(50);
        Threads.awaitParked(reader.thread());

        resource.revokeIt();

        assertEquals(2, reader.get(), "as Linux: a hangup mid-read returns what was read");
        assertEquals("ab", Ldisc.string(b, 2));
    }

    @Test
    void aBlockedWriterReturnsRevoked() throws Exception {
        Revoke file = Revoke.makeRevokable(() -> { }, resource);
        byte[] fill = Ldisc.repeat('x', NTty.DEFAULT_OUTPUT_CAPACITY);
        l.tty.writeNow(fill, 0, fill.length);
        byte[] more = Ldisc.bytes("more");
        var writer = Threads.start("writer", () -> gated(file, () -> l.tty.write(resource.waitQueue(), more, 0, 4, false, -1)));
        Threads.awaitParked(writer.thread());

        resource.revokeIt();

        assertEquals(NTty.REVOKED, writer.get());
    }

    @Test
    void aReaderWaitingForItsTurnIsReleasedToo() throws Exception {
        Revoke first = Revoke.makeRevokable(() -> { }, resource);
        Revoke second = Revoke.makeRevokable(() -> { }, resource);
        var a = gatedRead(first, new byte[64]);
        Threads.awaitParked(a.thread());
        var b = gatedRead(second, new byte[64]);
        Threads.awaitParked(b.thread());

        RevokeReport report = resource.revokeIt();

        assertEquals(NTty.REVOKED, a.get());
        assertEquals(NTty.REVOKED, b.get());
        assertEquals(2, report.released());
    }

    @Test
    void theMasterSideSleepsOnItsOwnQueueAndIsNotRevoked() throws Exception {
        var masterQueue = dev.revoke.mechanism.WaitQueue.unowned();
        NTty tty = new NTty(Termios.ptySlaveDefaults(), () -> {
            resource.waitQueue().wakeAll();
            masterQueue.wakeAll();
        });
        byte[] b = new byte[64];
        var master = Threads.start("master", () -> tty.drainOutput(masterQueue, b, 0, 64, false, -1));
        Threads.awaitParked(master.thread());
        resource.revokeIt();
        Thread.sleep(50);
        assertTrue(master.thread().isAlive(), "the master is another file, not revoked with the slave");
        tty.writeNow(Ldisc.bytes("x"), 0, 1);
        assertEquals(1, master.get());
    }
}
