package dev.revoke.tty;

import static dev.revoke.tty.TtySystem.assertStillBlocked;
import static dev.revoke.tty.TtySystem.awaitParked;
import static dev.revoke.tty.TtySystem.errno;
import static dev.revoke.tty.TtySystem.open;
import static dev.revoke.tty.TtySystem.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.revoke.kernel.Capability;
import dev.revoke.kernel.Process;
import dev.revoke.vfs.Abi;

import java.util.List;

import org.junit.jupiter.api.Test;

/** vhangup(2) needs CAP_SYS_TTY_CONFIG and TIOCVHANGUP CAP_SYS_ADMIN; without them, EPERM and nothing happens. */
class CapabilityTest {
    private final TtySystem sys = new TtySystem();

    @Test
    void vhangupWithoutCapSysTtyConfigIsEperm() throws Exception {
        TtyLayer.Terminal term = sys.terminal();
        Process user = sys.kernel.spawn("user", 1000);
        open(user, term.slavePath(), Abi.O_RDWR);
        var reader = start("reader", () -> user.read(3, new byte[4]));
        awaitParked(reader.thread());

        assertEquals("EPERM", errno(user.vhangup()));
        Process root = sys.kernel.spawn("root", 0);
        root.setCapability(Capability.CAP_SYS_TTY_CONFIG, false);
        assertEquals("EPERM", errno(root.vhangup()), "root without the capability");

        assertStillBlocked(reader);
        assertEquals(0, term.tty().counters().hangups());
        assertEquals(List.of(), user.signals());

        user.setCapability(Capability.CAP_SYS_TTY_CONFIG, true);
        assertEquals(0, user.vhangup());
        assertEquals(0L, reader.get());
    }

    @Test
    void tiocvhangupWithoutCapSysAdminIsEperm() throws Exception {
        TtyLayer.Terminal term = sys.terminal();
        Process user = sys.kernel.spawn("user", 1000);
        int fd = open(user, term.slavePath(), Abi.O_RDWR);
        var reader = start("reader", () -> user.read(fd, new byte[4]));
        awaitParked(reader.thread());
        user.setCapability(Capability.CAP_SYS_TTY_CONFIG, true);

        assertEquals("EPERM", errno(user.ioctl(fd, Abi.TIOCVHANGUP, null)), "CAP_SYS_TTY_CONFIG is not enough");
        assertEquals("EPERM", errno(term.emulator().ioctl(term.masterFd(), Abi.TIOCVHANGUP, null)), "nor on the master");

        assertStillBlocked(reader);
        assertEquals(0, term.tty().counters().hangups());
        assertEquals(0, term.pair().isMasterClosed() ? 1 : 0);

        user.setCapability(Capability.CAP_SYS_ADMIN, true);
        assertEquals(0L, user.ioctl(fd, Abi.TIOCVHANGUP, null));
        assertEquals(0L, reader.get());
    }
}
