package dev.revoke.cli.demo;

import static dev.revoke.panama.Errno.EIO;

import dev.revoke.cli.emulation.Actor;
import dev.revoke.cli.emulation.Call;
import dev.revoke.cli.emulation.Calls;
import dev.revoke.cli.emulation.Emulation;
import dev.revoke.cli.emulation.Outcome;
import dev.revoke.cli.emulation.Timeline;
import dev.revoke.cli.terminal.PathResult;
import dev.revoke.cli.terminal.Reports;
import dev.revoke.cli.terminal.TerminalRevoker;
import dev.revoke.device.RealFdDriver;
import dev.revoke.kernel.Process;
import dev.revoke.panama.ErrnoException;
import dev.revoke.panama.Pty;
import dev.revoke.panama.Sys;
import dev.revoke.panama.Termios;
import dev.revoke.panama.libc.Libc;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.DeviceNumber;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scene 4: the real thing next to its emulation. First a real pty is hung
 * up by the real kernel, through the same code as {@code revoke PATH}: a
 * Java thread asleep in a real read(2) on the slave gets end-of-file, and
 * writes fail with EIO (TIOCVHANGUP needs CAP_SYS_ADMIN; without it the
 * scene says so and goes on). Then an emulated /dev/ttyR0 backed by another
 * real pty (RealFdDriver) is revoked in the emulated kernel: the same
 * answers, without touching the real pty.
 */
final class RealPtyScene implements Scene {
    @Override
    public String name() {
        return "real-pty";
    }

    @Override
    public String title() {
        return "a real pty hung up by the real kernel, and an emulated tty backed by a real pty";
    }

    @Override
    public void play(Stage s) throws ErrnoException {
        Pty pty;
        try {
            pty = Pty.open();
        } catch (ErrnoException e) {
            s.say("skipped: no pseudo-terminal can be opened here (" + e.getMessage() + ")");
            return;
        }
        try (pty) {
            realHangup(s, pty);
        }
        try (Pty backing = Pty.open()) {
            emulatedTty(s, backing);
        }
    }

    private static void realHangup(Stage s, Pty pty) throws ErrnoException {
        String path = pty.slavePath();
        int slave = pty.slave().raw();
        Actor reader = s.actor("jvm:reader");
        Actor revoker = s.actor("revoke");
        s.begin();
        s.say("Part 1, the real kernel. A real pty, " + path + "; a Java thread blocks in a real read(2) on its slave.");
        s.start(reader, new Call("read(" + path + ", 64)", p -> read(slave)));

        AtomicReference<PathResult> result = new AtomicReference<>();
        s.call(revoker, new Call("revoke " + path + "   [ioctl(TIOCVHANGUP), as 'revoke PATH' does]", p -> {
            PathResult r = new TerminalRevoker().revoke(path, false);
            result.set(r);
            Outcome o = Outcome.of(r.errno() == null ? 0 : -r.errno().number());
            String ioctl = r.status() == PathResult.Status.REVOKED ? "; the ioctl itself took " + Timeline.millis(r.nanos()) : "";
            return o.withNote((r.holders() == null ? "" : "before: " + Reports.heldBy(r.holders())) + ioctl);
        }).showingDuration());
        if (result.get().status() != PathResult.Status.REVOKED) {
            s.say("Not hung up: " + result.get().reason() + ".\nThe reader is woken by a line typed on the master instead;"
                    + " run as root to see the real hangup.");
            byte[] line = "\n".getBytes(StandardCharsets.US_ASCII);
            Sys.write(pty.master().raw(), line, 0, line.length);
            s.await(reader);
            return;
        }
        Outcome woke = s.await(reader);
        s.check("the real read(2) returned 0: end-of-file", woke.value() == 0);
        Outcome write = s.call(reader, new Call("write(" + path + ", \"x\", 1)",
                p -> Outcome.of(Sys.write(slave, new byte[] {'x'}, 0, 1))));
        s.check("a real write(2) on the slave is EIO", write.errno() == EIO);
        int want = Libc.POLLIN() | Libc.POLLOUT() | Libc.POLLERR() | Libc.POLLHUP();
        Outcome poll = s.call(reader, new Call("poll(" + path + ", POLLIN|POLLOUT, 0)",
                p -> {
                    int revents = Sys.poll(slave, Libc.POLLIN() | Libc.POLLOUT(), 0);
                    return revents < 0 ? Outcome.of(revents) : Outcome.of(revents == 0 ? 0 : 1).withRevents(revents);
                }));
        s.check("a real poll(2) reports POLLIN|POLLOUT|POLLERR|POLLHUP", (poll.revents() & want) == want);
    }

    private static void emulatedTty(Stage s, Pty pty) throws ErrnoException {
        Termios.makeRaw(pty.slave().raw());
        Emulation emu = Emulation.boot();
        RealFdDriver driver = RealFdDriver.opening(pty.slavePath(), RealFdDriver.Kind.TTY);
        DeviceNumber number = new DeviceNumber(240, 0);
        emu.device(number, () -> driver);
        emu.mknod("/dev/ttyR0", 0666, 0, number);
        s.say("Part 2, the emulation. /dev/ttyR0 in the emulated kernel is backed by another real pty, " + pty.slavePath()
                + "\n(RealFdDriver); its reads sleep in a real poll(2) on the pty and a wake-up eventfd.");
        Process getty = emu.kernel().spawn("getty", 0);
        Actor g = s.actor(getty);
        Actor init = s.actor(emu.kernel().init());
        Actor master = s.actor("pty-master");
        int master0 = pty.master().raw();

        int fd = (int) s.call(g, Calls.open("/dev/ttyR0", Abi.O_RDWR)).value();
        s.call(g, Calls.write(fd, "login: "));
        Outcome seen = s.call(master, new Call("read(master, 64)", p -> {
            Sys.poll(master0, Libc.POLLIN(), 1000);
            return read(master0);
        }));
        s.check("the emulated write reached the real pty", seen.value() == 7);
        s.start(g, Calls.read(fd, 64));
        Outcome revoked = s.call(init, Calls.revoke("/dev/ttyR0"));
        Outcome woke = s.await(g);
        s.check("revoke returned 0 and the emulated read returned 0, as a hung-up tty's", revoked.value() == 0 && woke.value() == 0);
        Outcome write = s.call(g, Calls.write(fd, "x"));
        s.check("an emulated write on the old descriptor is EIO", write.errno() == EIO);

        s.say("The real pty itself was not hung up: a fresh emulated open still reaches it.");
        s.call(master, new Call("write(master, \"root\\n\", 5)", p -> {
            byte[] b = "root\n".getBytes(StandardCharsets.US_ASCII);
            return Outcome.of(Sys.write(master0, b, 0, b.length));
        }));
        int fresh = (int) s.call(g, Calls.open("/dev/ttyR0", Abi.O_RDWR)).value();
        Outcome got = s.call(g, Calls.read(fresh, 64));
        s.check("a new open reads what the master typed", got.value() > 0
                && "root\n".startsWith(new String(got.data(), StandardCharsets.US_ASCII)));
        getty.exit(0);
        s.check("every real descriptor the emulation opened was closed exactly once",
                driver.liveFiles() == 0 && driver.realFdsOpened() == driver.realFdsClosed());
    }

    private static Outcome read(int fd) {
        byte[] b = new byte[64];
        int n = Sys.read(fd, b, 0, b.length);
        return n < 0 ? Outcome.of(n) : Outcome.of(n).withData(Arrays.copyOf(b, n));
    }
}
