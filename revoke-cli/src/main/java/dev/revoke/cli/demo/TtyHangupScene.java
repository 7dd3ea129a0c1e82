package dev.revoke.cli.demo;

import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.ENXIO;

import dev.revoke.cli.emulation.Actor;
import dev.revoke.cli.emulation.Calls;
import dev.revoke.cli.emulation.Emulation;
import dev.revoke.cli.emulation.Outcome;
import dev.revoke.cli.emulation.TtyCalls;
import dev.revoke.kernel.Process;
import dev.revoke.kernel.Signal;
import dev.revoke.tty.Tty;
import dev.revoke.tty.TtyLayer;
import dev.revoke.vfs.Abi;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scene 2: a logged-in session's terminal hung up, the case revoke(2) was
 * made for. A terminal emulator opens a pty, a shell logs in on the slave
 * (the controlling tty of its session, on fds 0-2) and reads what is typed;
 * then, with the shell asleep in read(0), the line drops (carrier loss,
 * {@code tty_hangup}). The tty layer revokes every file of the tty
 * (REVOCATION.md section 1): the read returns 0, later calls get the hung-up
 * answers, the session leader gets SIGHUP then SIGCONT and the session
 * loses its controlling tty. A new login on the same slave gets a fresh
 * generation of the tty.
 */
final class TtyHangupScene implements Scene {
    @Override
    public String name() {
        return "tty-hangup";
    }

    @Override
    public String title() {
        return "a logged-in session's tty hung up";
    }

    @Override
    public void play(Stage s) {
        Emulation emu = Emulation.boot();
        TtyLayer ttys = emu.ttys();
        Process xterm = emu.kernel().spawn("xterm", 1000);
        Process shell = emu.kernel().spawn("sh", 1000);
        Actor term = s.actor(xterm);
        Actor sh = s.actor(shell);
        Actor kernel = s.actor("kernel");
        s.begin();
        s.say("A terminal emulator opens a pty; a shell, a session leader, logs in on the slave, which becomes the"
                + "\ncontrolling tty of its session, on descriptors 0, 1 and 2.");

        AtomicReference<TtyLayer.Terminal> made = new AtomicReference<>();
        int master = (int) s.call(term, TtyCalls.openpty(ttys, made::set)).value();
        TtyLayer.Terminal terminal = made.get();
        if (terminal == null) {
            throw new Stage.SceneFailed("openpty failed");
        }
        Tty tty = terminal.tty();
        String slave = terminal.slavePath();
        Outcome login = s.call(sh, TtyCalls.login(slave));
        Outcome pgrp = s.call(sh, Calls.ioctl(0, Abi.TIOCGPGRP, 0));
        s.check(Actor.labelFor(shell, null) + " logged in: " + slave + " is the controlling tty of its session (TIOCGPGRP = "
                        + shell.pid() + ")",
                login.value() == 0 && shell.controllingTty() == tty && pgrp.arg() == shell.pid());

        s.say("The user types a line. In canonical mode the line discipline hands the whole line to the shell's read,"
                + "\nand echoes it to the screen (the master), with ONLCR's \\r\\n.");
        s.call(term, Calls.write(master, "ls -l\n"));
        Outcome line = s.call(sh, Calls.read(0, 128));
        Outcome echo = s.call(term, Calls.read(master, 128));
        s.check("the shell read \"ls -l\\n\"; the screen shows the echo \"ls -l\\r\\n\"",
                text(line).equals("ls -l\n") && text(echo).equals("ls -l\r\n"));
        s.start(sh, Calls.read(0, 128));

        s.say("The line drops: carrier loss, Linux's tty_hangup, run on another thread as the kernel's work queue runs it."
                + "\nEvery file of the tty is revoked; the kick wakes the sleeping read.");
        Outcome hangup = s.call(kernel, TtyCalls.hangup(tty));
        Outcome woke = s.await(sh);
        s.check("the hangup returned and hung up the shell's one open file (fds 0-2 share it)",
                hangup.value() == 0 && hangup.released() == 1);
        s.check("the shell's blocked read(0) returned 0: end of file", woke.value() == 0);

        s.say("The shell's descriptors now answer as a hung-up tty (hung_up_tty_fops).");
        Outcome write = s.call(sh, Calls.write(1, "$ "));
        Outcome poll = s.call(sh, Calls.poll(0, Abi.POLLIN | Abi.POLLOUT, 0));
        Outcome fionread = s.call(sh, Calls.ioctl(0, Abi.FIONREAD, 0));
        Outcome tiocspgrp = s.call(sh, Calls.ioctl(0, Abi.TIOCSPGRP, shell.pid()));
        Outcome devTty = s.call(sh, Calls.open("/dev/tty", Abi.O_RDWR));
        s.timeline().event(Actor.labelFor(shell, null), "signals received: " + TtyCalls.signals(shell));
        int hup = Abi.POLLIN | Abi.POLLOUT | Abi.POLLERR | Abi.POLLHUP;
        s.check("write is EIO", write.errno() == EIO);
        s.check("poll reports POLLIN|POLLOUT|POLLERR|POLLHUP", (poll.revents() & hup) == hup);
        s.check("ioctl is EIO, except TIOCSPGRP: ENOTTY", fionread.errno() == EIO && tiocspgrp.errno() == ENOTTY);
        s.check("the session leader got SIGHUP, then SIGCONT", shell.signals().equals(List.of(Signal.SIGHUP, Signal.SIGCONT)));
        s.check("the session lost its controlling tty: /dev/tty is ENXIO", devTty.errno() == ENXIO && shell.controllingTty() == null);

        s.say("The same hangup has other entry points: vhangup(2) by a root process on its controlling tty (login does"
                + "\nthat), ioctl(TIOCVHANGUP) (what 'revoke PATH' does to a real terminal), revoke(2) of " + slave + ","
                + "\nand the emulator closing the master (the sleeping read then gets EIO first, as on Linux).");

        s.say("The shell exits on SIGHUP. A new login on the same line opens " + slave + " afresh: a new generation of the tty,"
                + "\nwhich the old revocation cannot touch.");
        shell.exit(129);
        Process shell2 = emu.kernel().spawn("sh", 1000);
        Actor sh2 = s.actor(shell2);
        sh2.awaitReady();
        Outcome relogin = s.call(sh2, TtyCalls.login(slave));
        s.call(term, Calls.write(master, "echo hi\n"));
        Outcome again = s.call(sh2, Calls.read(0, 128));
        s.check("the new shell logged in on generation " + tty.generationNumber() + " of " + tty.name()
                        + " (its controlling tty) and read \"echo hi\\n\"",
                relogin.value() == 0 && shell2.controllingTty() == tty && tty.generationNumber() == 2
                        && text(again).equals("echo hi\n"));
        for (Process p : new Process[] {shell2, xterm}) {
            p.exit(0);
        }
    }

    private static String text(Outcome o) {
        byte[] b = o.data();
        return b == null ? "" : new String(b, StandardCharsets.ISO_8859_1);
    }
}
