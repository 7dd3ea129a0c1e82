package dev.revoke.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.vfs.Abi;
import dev.revoke.vfs.DeviceNumber;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.OpenFile;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link Process#current()} names the caller inside open and ioctl, and nobody outside them. */
class CurrentProcessTest {
    private static final DeviceNumber DEV = new DeviceNumber(242, 0);

    @Test
    void openAndIoctlSeeTheirCaller() {
        Kernel kernel = new Kernel();
        List<Process> seen = new ArrayList<>();
        kernel.registerCharDevice(DEV, device -> new FileOperations() {
            @Override
            public int open(Inode inode, OpenFile file) {
                seen.add(Process.current());
                return 0;
            }

            @Override
            public long ioctl(OpenFile file, int cmd, Object arg) {
                seen.add(Process.current());
                return 0;
            }
        });
        assertEquals(0, kernel.mknod("/dev/who", 0666, 0, DEV));
        Process a = kernel.spawn("a", 0);
        int fd = a.open("/dev/who", Abi.O_RDWR);
        assertTrue(fd >= 0);
        Process child = a.fork();
        assertEquals(0, child.ioctl(fd, 0x1234, null));
        assertEquals(0, a.ioctl(fd, 0x1234, null));

        assertEquals(3, seen.size());
        assertSame(a, seen.get(0), "open");
        assertSame(child, seen.get(1), "the forked child's ioctl on the shared file");
        assertSame(a, seen.get(2));
        assertNull(Process.current(), "outside a call");
    }
}
