package dev.revoke.tty;

import static dev.revoke.tty.TtySystem.errno;
import static dev.revoke.tty.TtySystem.ok;
import static dev.revoke.tty.TtySystem.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.revoke.kernel.Capability;
import dev.revoke.kernel.Process;
import dev.revoke.kernel.Signal;
import dev.revoke.vfs.Abi;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Controlling terminals and job control, with the results a real pty gave
 * for the same calls (docs/tty.md, "Job control checked against Linux").
 */
class JobControlTest {
    private final TtySystem sys = new TtySystem();
    private final TtyLayer.Terminal term = sys.terminal();
    private final Tty tty = term.tty();
    private final String path = term.slavePath();

    private Process leader(String name) {
        return sys.kernel.spawn(name, 1000);
    }

    private static int pgrpOf(Process p, int fd) {
        int[] out = new int[1];
        long r = p.ioctl(fd, Abi.TIOCGPGRP, out);
        return r < 0 ? (int) r : out[0];
    }

    @Test
    void openingMakesItTheControllingTtyOfASessionLeaderWithoutOne() {
        Process sh = leader("sh");
        int fd = open(sh, path, Abi.O_RDWR);

        assertSame(tty, sh.controllingTty());
        assertEquals(sh.sessionId(), tty.control().session());
        assertEquals(sh.processGroup(), pgrpOf(sh, fd));
        int[] sid = new int[1];
        ok(sh.ioctl(fd, Abi.TIOCGSID, sid));
        assertEquals(sh.pid(), sid[0]);
        ok(sh.open("/dev/tty", Abi.O_RDWR));
    }

    @Test
    void opensThatDoNotAcquireIt() {
        Process noctty = leader("noctty");
        open(noctty, path, Abi.O_RDWR | Abi.O_NOCTTY);
        assertNull(noctty.controllingTty(), "O_NOCTTY");

        Process writeOnly = leader("wronly");
        open(writeOnly, path, Abi.O_WRONLY);
        assertNull(writeOnly.controllingTty(), "a write-only open never acquires it");

        Process sh = leader("sh");
        Process child = sh.fork();
        ok(child.setpgid(0));
        open(child, path, Abi.O_RDWR);
        assertNull(child.controllingTty(), "not a session leader");

        open(sh, path, Abi.O_RDWR);
        assertSame(tty, sh.controllingTty());
        Process other = leader("other");
        open(other, path, Abi.O_RDWR);
        assertNull(other.controllingTty(), "the tty already has a session");
        assertEquals("ENXIO", errno(other.open("/dev/tty", Abi.O_RDWR)), "/dev/tty without a controlling tty");
    }

    @Test
    void tiocscttyFollowsLinux() {
        Process sh = leader("sh");
        int fd = open(sh, path, Abi.O_RDWR | Abi.O_NOCTTY);
        Process child = sh.fork();
        ok(child.setpgid(0));
        assertEquals("EPERM", errno(child.ioctl(fd, Abi.TIOCSCTTY, 0)), "not a session leader");

        assertEquals(0L, sh.ioctl(fd, Abi.TIOCSCTTY, 0));
        assertSame(tty, sh.controllingTty());
        assertEquals(0L, sh.ioctl(fd, Abi.TIOCSCTTY, 0), "again, by its session: nothing to do");

        Process other = leader("other");
        int ofd = open(other, path, Abi.O_RDWR | Abi.O_NOCTTY);
        assertEquals("EPERM", errno(other.ioctl(ofd, Abi.TIOCSCTTY, 0)), "another session has it");
        assertEquals("EPERM", errno(other.ioctl(ofd, Abi.TIOCSCTTY, 1)), "stealing needs CAP_SYS_ADMIN");

        Process root = sys.kernel.spawn("root", 0);
        int rfd = open(root, path, Abi.O_RDWR | Abi.O_NOCTTY);
        assertEquals("EPERM", errno(root.ioctl(rfd, Abi.TIOCSCTTY, 0)), "arg 0 never steals");
        assertEquals(0L, root.ioctl(rfd, Abi.TIOCSCTTY, 1), "arg 1 with CAP_SYS_ADMIN steals");
        assertSame(tty, root.controllingTty());
        assertNull(sh.controllingTty(), "the old session lost it");
        assertNull(child.controllingTty());
        assertEquals(0L, root.ioctl(rfd, Abi.TIOCSCTTY, 1), "its own session has it now: nothing to do");
    }

    @Test
    void tiocscttyOfAWriteOnlyFileNeedsCapSysAdmin() {
        Process sh = leader("sh");
        int fd = open(sh, path, Abi.O_WRONLY | Abi.O_NOCTTY);
        assertEquals("EPERM", errno(sh.ioctl(fd, Abi.TIOCSCTTY, 0)));
        Process root = sys.kernel.spawn("root", 0);
        int rfd = open(root, path, Abi.O_WRONLY | Abi.O_NOCTTY);
        assertEquals(0L, root.ioctl(rfd, Abi.TIOCSCTTY, 0));
    }

    @Test
    void aLeaderWithAControllingTtyCannotTakeAnother() {
        Process sh = leader("sh");
        open(sh, path, Abi.O_RDWR);
        TtyLayer.Terminal second = sys.terminal();
        int fd = open(sh, second.slavePath(), Abi.O_RDWR);
        assertSame(tty, sh.controllingTty(), "the open did not switch");
        assertEquals("EPERM", errno(sh.ioctl(fd, Abi.TIOCSCTTY, 0)));
    }

    @Test
    void tiocnottyOfTheSessionLeader() {
        Process sh = leader("sh");
        int fd = open(sh, path, Abi.O_RDWR);
        Process job = sh.fork();
        ok(job.setpgid(0));
        ok(job.ioctl(fd, Abi.TIOCSPGRP, job.processGroup()));
        Process stranger = leader("stranger");
        int sfd = open(stranger, path, Abi.O_RDWR | Abi.O_NOCTTY);
        assertEquals("ENOTTY", errno(stranger.ioctl(sfd, Abi.TIOCNOTTY, null)), "not its controlling tty");

        assertEquals(0L, sh.ioctl(fd, Abi.TIOCNOTTY, null));

        assertEquals(List.of(Signal.SIGHUP, Signal.SIGCONT), job.signals(), "the foreground group");
        assertEquals(List.of(), sh.signals(), "the leader was not in the foreground");
        assertNull(sh.controllingTty());
        assertNull(job.controllingTty(), "the whole session lost it");
        assertEquals(0, tty.control().session());
        Process next = leader("next");
        open(next, path, Abi.O_RDWR);
        assertSame(tty, next.controllingTty(), "free for the next session");
    }

    @Test
    void tiocnottyOfAnotherMemberOnlyDetachesIt() {
        Process sh = leader("sh");
        int fd = open(sh, path, Abi.O_RDWR);
        Process child = sh.fork();
        assertEquals(0L, child.ioctl(fd, Abi.TIOCNOTTY, null));
        assertNull(child.controllingTty());
        assertSame(tty, sh.controllingTty());
        assertEquals(List.of(), sh.signals());
        assertEquals(List.of(), child.signals());
    }

    @Test
    void tiocgpgrpAndTiocspgrp() {
        Process sh = leader("sh");
        int fd = open(sh, path, Abi.O_RDWR);
        Process stranger = leader("stranger");
        int sfd = open(stranger, path, Abi.O_RDWR | Abi.O_NOCTTY);
        assertEquals("ENOTTY", errno(pgrpOf(stranger, sfd)), "TIOCGPGRP: not its controlling tty");
        assertEquals("ENOTTY", errno(stranger.ioctl(sfd, Abi.TIOCSPGRP, stranger.processGroup())));
        assertEquals(sh.pid(), pgrpOf(term.emulator(), term.masterFd()), "through the master, no relation needed");

        Process job = sh.fork();
        ok(job.setpgid(0));
        assertEquals(0L, sh.ioctl(fd, Abi.TIOCSPGRP, job.pid()));
        assertEquals(job.pid(), pgrpOf(sh, fd));
        assertEquals(job.pid(), tty.control().foregroundGroup());
        assertEquals(0L, sh.ioctl(fd, Abi.TIOCSPGRP, new int[] {sh.pid()}), "int[1] as the C pointer");
        assertEquals("EINVAL", errno(sh.ioctl(fd, Abi.TIOCSPGRP, -1)));
        assertEquals("ESRCH", errno(sh.ioctl(fd, Abi.TIOCSPGRP, 999_999)));
        assertEquals("EPERM", errno(sh.ioctl(fd, Abi.TIOCSPGRP, stranger.pid())), "a group of another session");
        assertEquals("EFAULT", errno(sh.ioctl(fd, Abi.TIOCSPGRP, "not a pid")));
        assertEquals(sh.pid(), pgrpOf(sh, fd), "unchanged by the failures");
    }

    @Test
    void signalCharactersGoToTheForegroundGroup() {
        Process sh = leader("sh");
        int fd = open(sh, path, Abi.O_RDWR);
        Process job = sh.fork();
        ok(job.setpgid(0));
        ok(sh.ioctl(fd, Abi.TIOCSPGRP, job.pid()));
        Process jobChild = job.fork();

        term.type("\u0003\u001c\u001a");

        assertEquals(List.of(Signal.SIGINT, Signal.SIGQUIT, Signal.SIGTSTP), job.signals());
        assertEquals(List.of(Signal.SIGINT, Signal.SIGQUIT, Signal.SIGTSTP), jobChild.signals());
        assertEquals(List.of(), sh.signals(), "the shell is in the background");
    }

    @Test
    void aHangupSignalsTheSessionLeaderOnlyAndTheSessionLosesTheTty() {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        Process job = sh.fork();
        ok(job.setpgid(0));
        ok(sh.ioctl(0, Abi.TIOCSPGRP, job.pid()));
        Process background = sh.fork();
        Process unrelated = leader("unrelated");

        HangupReport report = login.tty().vhangup();

        assertEquals(List.of(Signal.SIGHUP, Signal.SIGCONT), sh.signals(), "SIGHUP, then SIGCONT");
        assertEquals(List.of(sh.pid()), report.signalled());
        assertEquals(List.of(), job.signals(), "not the foreground group (Linux's tty_signal_session_leader)");
        assertEquals(List.of(), background.signals());
        assertEquals(List.of(), unrelated.signals());
        assertNull(sh.controllingTty());
        assertNull(job.controllingTty());
        assertNull(background.controllingTty());
        assertEquals(0, login.tty().control().session());
        assertEquals(0, login.tty().control().foregroundGroup());
        assertEquals("ENXIO", errno(sh.open("/dev/tty", Abi.O_RDWR)));
        int fd = open(sh, login.terminal().slavePath(), Abi.O_RDWR | Abi.O_NOCTTY);
        assertEquals(0L, sh.ioctl(fd, Abi.TIOCSCTTY, 0), "the leader may take it again");
    }

    @Test
    void vhangupHangsUpTheCallersControllingTty() {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        Process stranger = leader("stranger");
        stranger.setCapability(Capability.CAP_SYS_TTY_CONFIG, true);
        assertEquals(0, stranger.vhangup(), "no controlling tty: nothing to do, 0");
        assertEquals(1, login.tty().generationNumber());
        assertEquals(0, login.tty().counters().hangups());

        assertEquals(0, sh.vhangup());

        assertEquals(1, login.tty().counters().hangups());
        assertEquals(0L, sh.read(0, new byte[4]));
        assertEquals(List.of(Signal.SIGHUP, Signal.SIGCONT), sh.signals(), "the caller is the leader: it signals itself");
    }

    @Test
    void whenTheSessionLeaderExitsTheForegroundGroupGetsSighup() {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        Process job = sh.fork();
        ok(job.setpgid(0));
        ok(sh.ioctl(0, Abi.TIOCSPGRP, job.pid()));
        Process background = sh.fork();

        sh.exit(0);

        assertEquals(List.of(Signal.SIGHUP), job.signals(), "SIGHUP only: disassociate_ctty on exit sends no SIGCONT");
        assertEquals(List.of(), background.signals());
        assertNull(job.controllingTty());
        assertNull(background.controllingTty());
        assertEquals(0, tty(login).control().session());
        assertEquals(0, tty(login).counters().hangups(), "a pty is not hung up by its leader's exit");
        Process next = leader("next");
        open(next, login.terminal().slavePath(), Abi.O_RDWR);
        assertSame(tty(login), next.controllingTty());
    }

    private static Tty tty(TtyLayer.LoginSession login) {
        return login.tty();
    }
}
