package dev.revoke.procfs;

import static dev.revoke.panama.Errno.EACCES;
import static dev.revoke.panama.Errno.EAGAIN;
import static dev.revoke.panama.Errno.EEXIST;
import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOENT;
import static dev.revoke.panama.Errno.ENOTDIR;
import static dev.revoke.panama.Errno.ESPIPE;
import static dev.revoke.procfs.Sync.awaitBlocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.PollFd;
import dev.revoke.kernel.Process;
import dev.revoke.ramfs.RamFs;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** What live procfs files show and accept: seq_file reads, sysctl, self, mounts, PID directories, kmsg. */
class ProcContentTest {
    private final Kernel kernel = new Kernel();
    private final ProcFs fs = ProcFs.mount(kernel);
    private final Process init = kernel.init();

    private static String str(byte[] b, long n) {
        return new String(b, 0, (int) n, StandardCharsets.UTF_8);
    }

    /** Reads from the current position to EOF in pieces of {@code piece} bytes. */
    private static String readAll(Process p, int fd, int piece) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[piece];
        while (true) {
            long n = p.read(fd, buf);
            assertTrue(n >= 0, "read failed: " + n);
            if (n == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(buf, 0, (int) n);
        }
    }

    private String cat(Process p, String path) {
        int fd = p.open(path, Abi.O_RDONLY);
        assertTrue(fd >= 0, "open " + path + ": " + fd);
        try {
            return readAll(p, fd, 4096);
        } finally {
            p.close(fd);
        }
    }

    /** {@code echo -n TEXT > PATH}: the shell opens with O_TRUNC. */
    private long write(Process p, String path, String text) {
        int fd = p.open(path, Abi.O_WRONLY | Abi.O_CREAT | Abi.O_TRUNC);
        if (fd < 0) {
            return fd;
        }
        try {
            return p.write(fd, text.getBytes(StandardCharsets.UTF_8));
        } finally {
            p.close(fd);
        }
    }

    @Test
    void seqFileIsReadInSmallPiecesFromOneRendering() {
        AtomicInteger renders = new AtomicInteger();
        fs.createSingle("driver/stats", 0444, out -> {
            int n = renders.incrementAndGet();
            out.printf("render %d%n", n);
            out.print("a line that is longer than the pieces we read it in\n");
        });
        int fd = init.open("/proc/driver/stats", Abi.O_RDONLY);

        String text = readAll(init, fd, 3);

        assertEquals("render 1\na line that is longer than the pieces we read it in\n", text);
        assertEquals(1, renders.get(), "pieces after the first come from the same rendering");
        assertEquals(0, init.read(fd, new byte[8]), "EOF stays EOF");
    }

    @Test
    void seqFileLseekWorksWithinTheRendering() {
        AtomicInteger renders = new AtomicInteger();
        fs.createSingle("driver/seek", 0444, out -> out.print("0123456789#" + renders.incrementAndGet() + "\n"));
        int fd = init.open("/proc/driver/seek", Abi.O_RDONLY);
        byte[] buf = new byte[4];

        assertEquals(4, init.read(fd, buf));
        assertEquals("0123", str(buf, 4));
        assertEquals(4, init.lseek(fd, 0, Abi.SEEK_CUR), "SEEK_CUR 0 tells the position");
        assertEquals(1, renders.get());
        assertEquals(6, init.lseek(fd, 2, Abi.SEEK_CUR));
        assertEquals(4, init.read(fd, buf));
        assertEquals("6789", str(buf, 4));
        assertEquals(3, init.lseek(fd, 3, Abi.SEEK_SET));
        assertEquals(2, init.read(fd, buf, 0, 2));
        assertEquals("34", str(buf, 2));
        assertEquals(0, init.lseek(fd, 0, Abi.SEEK_SET));
        String again = readAll(init, fd, 5);
        assertTrue(again.startsWith("0123456789#") && !again.equals("0123456789#1\n"),
                "a read from 0 renders afresh: " + again);

        assertEquals(EINVAL.negative(), init.lseek(fd, 0, Abi.SEEK_END), "seq_lseek has no SEEK_END");
        assertEquals(EINVAL.negative(), init.lseek(fd, -1, Abi.SEEK_SET));
        assertEquals(EINVAL.negative(), init.lseek(fd, -1000, Abi.SEEK_CUR));
        assertEquals(1000, init.lseek(fd, 1000, Abi.SEEK_SET), "past the end is allowed");
        assertEquals(0, init.read(fd, buf), "and reads there find EOF");
    }

    @Test
    void aReadAtPositionZeroRendersAfreshSoAnEmptyFileShowsNewContent() {
        AtomicReference<String> content = new AtomicReference<>("");
        fs.createSingle("driver/late", 0444, out -> out.print(content.get()));
        int fd = init.open("/proc/driver/late", Abi.O_RDONLY);
        byte[] buf = new byte[16];
        assertEquals(0, init.read(fd, buf), "empty for now");
        content.set("ready\n");
        assertEquals(6, init.read(fd, buf), "still at position 0: rendered again");
        assertEquals("ready\n", str(buf, 6));
        content.set("changed\n");
        assertEquals(0, init.read(fd, buf), "at the end of the rendering it read: EOF");
    }

    @Test
    void twoOpenFilesOfOneEntryHaveTheirOwnPositionsButDupsShareOne() {
        fs.createSingle("driver/two", 0444, out -> out.print("abcdef"));
        int a = init.open("/proc/driver/two", Abi.O_RDONLY);
        int b = init.open("/proc/driver/two", Abi.O_RDONLY);
        int aDup = init.dup(a);
        byte[] buf = new byte[2];
        assertEquals(2, init.read(a, buf));
        assertEquals("ab", str(buf, 2));
        assertEquals(2, init.read(aDup, buf));
        assertEquals("cd", str(buf, 2));
        assertEquals(2, init.read(b, buf));
        assertEquals("ab", str(buf, 2));
    }

    @Test
    void aShowThatThrowsFailsTheReadWithEioAndIsLogged() {
        fs.createSingle("driver/broken", 0444, out -> {
            throw new IllegalStateException("no data");
        });
        int fd = init.open("/proc/driver/broken", Abi.O_RDONLY);
        assertEquals(EIO.negative(), init.read(fd, new byte[8]));
        assertTrue(fs.kmsg().dmesg().contains("/proc/driver/broken: read threw"), fs.kmsg().dmesg());
    }

    @Test
    void entriesWithoutMethodsAnswerAsLinuxProcfs() {
        fs.create("driver/bare", 0666, new ProcOps() {});
        int fd = init.open("/proc/driver/bare", Abi.O_RDWR);
        assertEquals(EIO.negative(), init.read(fd, new byte[1]), "no proc_read: EIO");
        assertEquals(EIO.negative(), init.write(fd, new byte[1]), "no proc_write: EIO");
        assertEquals(ESPIPE.negative(), init.lseek(fd, 0, Abi.SEEK_SET), "no proc_lseek: not seekable");
        assertEquals(EIO.negative(), init.mmap(fd, 4096, 0), "no proc_mmap: EIO");
        PollFd[] pfd = {new PollFd(fd, Abi.POLLIN | Abi.POLLOUT)};
        assertEquals(1, init.poll(pfd, 0));
        assertEquals(Abi.POLLIN | Abi.POLLOUT, pfd[0].revents);
    }

    @Test
    void aFailedOpenGetsNoReleaseAndLeavesNothingAttached() {
        CountingOps ops = new CountingOps() {
            @Override
            public int open(ProcHandle h) {
                return EACCES.negative();
            }
        };
        ProcEntry e = fs.create("driver/closed", 0444, ops);
        assertEquals(EACCES.negative(), init.open("/proc/driver/closed", Abi.O_RDONLY));
        assertEquals(0, e.openers());
        assertEquals(0, ops.releases.get());
        assertEquals(0, fs.remove("driver/closed").filesReleased());
    }

    @Test
    void sysctlParsesWritesAndRejectsBadValuesWithEinval() {
        Sysctl<Integer> knob = fs.sysctlInt("sys/kernel/foo", 5, 0, 10);
        String path = "/proc/sys/kernel/foo";
        assertEquals("5\n", cat(init, path));

        assertEquals(2, write(init, path, "7\n"));
        assertEquals(7, knob.get());
        assertEquals("7\n", cat(init, path));

        for (String bad : List.of("abc", "11", "-1", "", "\n", "7 8", "0x5")) {
            assertEquals(EINVAL.negative(), write(init, path, bad), "'" + bad + "'");
            assertEquals(7, knob.get(), "a rejected write changed the value: '" + bad + "'");
        }
        assertEquals(3, write(init, path, " 3 "));
        assertEquals(3, knob.get());

        Process user = kernel.spawn("user", 1000);
        assertEquals(EACCES.negative(), user.open(path, Abi.O_WRONLY), "0644 root knob");
        assertEquals(EACCES.negative(), init.open("/proc/sys/kernel/new", Abi.O_WRONLY | Abi.O_CREAT), "no creating files in /proc");
        assertEquals("3\n", cat(user, path));
        knob.set(9);
        assertEquals("9\n", cat(user, path));
    }

    @Test
    void sysctlMakesItsDirectoriesAndStaysUnderProcSys() {
        Sysctl<String> knob = fs.sysctl("sys/net/core/mode", "auto", s -> switch (s) {
            case "auto", "on", "off" -> s;
            default -> throw new IllegalArgumentException(s);
        });
        assertEquals(InodeType.DIRECTORY, fs.entry("sys/net/core").type());
        assertEquals("/proc/sys/net/core/mode", knob.entry().path());
        assertEquals(EINVAL.negative(), write(init, "/proc/sys/net/core/mode", "sometimes"));
        assertEquals(3, write(init, "/proc/sys/net/core/mode", "off"));
        assertEquals("off", knob.get());
        assertThrows(ProcFsException.class, () -> fs.sysctl("driver/knob", 1, Integer::valueOf));
        assertEquals(EINVAL.negative(), write(init, "/proc/sys/kernel/hostname", "two words"));
        assertEquals(3, write(init, "/proc/sys/kernel/hostname", "box"));
        assertEquals("box\n", cat(init, "/proc/sys/kernel/hostname"));
    }

    @Test
    void procSelfIsTheCallersPid() {
        Process other = kernel.spawn("other", 1000);
        assertTrue(cat(init, "/proc/self/status").contains("Pid:\t" + init.pid() + "\n"));
        assertTrue(cat(other, "/proc/self/status").contains("Pid:\t" + other.pid() + "\n"));
        Inode self = fs.lookup("self", other);
        assertEquals(InodeType.SYMLINK, self.type());
        assertEquals(String.valueOf(other.pid()), self.readlink(other));
        assertEquals(String.valueOf(init.pid()), self.readlink(init));
        assertEquals("other\0", cat(other, "/proc/self/cmdline"));
    }

    @Test
    void procMountsListsTheEmulatedNamespace() {
        assertEquals(0, kernel.mount("/tmp", new RamFs()));
        String mounts = cat(init, "/proc/mounts");
        assertEquals("rootfs / ramfs rw 0 0\nproc /proc proc rw 0 0\nramfs /tmp ramfs rw 0 0\n", mounts);
    }

    @Test
    void versionAndUptimeAreThere() {
        assertTrue(cat(init, "/proc/version").startsWith("Linux version "));
        String uptime = cat(init, "/proc/uptime");
        assertTrue(uptime.matches("\\d+\\.\\d\\d \\d+\\.\\d\\d\n"), uptime);
        assertTrue(fs.entry("uptime").isPermanent());
    }

    @Test
    void procPidStatusAndCmdline() {
        Process p = kernel.spawn("worker", 1000);
        String status = cat(init, "/proc/" + p.pid() + "/status");
        assertTrue(status.startsWith("Name:\tworker\n"), status);
        assertTrue(status.contains("\nPid:\t" + p.pid() + "\n"), status);
        assertTrue(status.contains("\nPPid:\t" + init.pid() + "\n"), status);
        assertTrue(status.contains("\nUid:\t1000\t1000\t1000\t1000\n"), status);
        assertEquals("worker\0", cat(init, "/proc/" + p.pid() + "/cmdline"));
        assertEquals(List.of("cmdline", "fd", "status"), fs.lookup(String.valueOf(p.pid()), init).list(init));
        assertTrue(fs.root().list(init).containsAll(List.of("1", String.valueOf(p.pid()), "self", "kmsg", "sys")));
    }

    @Test
    void procPidFdListsDescriptorsAsSymlinksToTheirPaths() {
        Process p = kernel.spawn("worker", 0);
        String fdDir = p.pid() + "/fd";
        int a = p.open("/tmp/a", Abi.O_CREAT | Abi.O_RDWR);
        int b = p.open("/tmp/b", Abi.O_CREAT | Abi.O_RDWR);
        int status = p.open("/proc/self/status", Abi.O_RDONLY);
        assertEquals(List.of("0", "1", "2", "3", "4", "5"), fs.lookup(fdDir, init).list(init), "0-2 are /dev/null");
        assertEquals("/dev/null", fs.lookup(fdDir + "/0", init).readlink(init));
        assertEquals("/tmp/a", fs.lookup(fdDir + "/" + a, init).readlink(init));
        assertEquals("/tmp/b", fs.lookup(fdDir + "/" + b, init).readlink(init));
        assertEquals("/proc/" + p.pid() + "/status", fs.lookup(fdDir + "/" + status, init).readlink(init));
        assertNull(fs.lookup(fdDir + "/7", init));
        assertNull(fs.lookup(fdDir + "/01", init));

        assertEquals(2, p.write(b, "hi".getBytes(StandardCharsets.UTF_8)));
        assertEquals("hi", cat(init, "/proc/" + p.pid() + "/fd/" + b), "following fd/N opens the file");

        assertEquals(0, p.close(a));
        assertEquals(List.of("0", "1", "2", "4", "5"), fs.lookup(fdDir, init).list(init));
        Process stranger = kernel.spawn("stranger", 1000);
        assertEquals(EACCES.negative(), stranger.open("/proc/" + p.pid() + "/fd/" + b, Abi.O_RDONLY), "fd/ is 0500");

        p.exit(0);
        assertNull(fs.lookup(fdDir, init));
        assertEquals(ENOENT.negative(), init.open("/proc/" + p.pid() + "/fd/" + b, Abi.O_RDONLY));
    }

    @Test
    void forkedChildrenGetTheirOwnProcPid() {
        Process parent = kernel.spawn("parent", 0);
        Process child = parent.fork();
        assertTrue(cat(init, "/proc/" + child.pid() + "/status").contains("PPid:\t" + parent.pid() + "\n"));
        child.exit(0);
        assertNull(fs.entry(String.valueOf(child.pid())));
        assertNotNull(fs.entry(String.valueOf(parent.pid())));
    }

    @Test
    void kmsgNonBlockingReadIsEagainUntilSomethingIsLogged() {
        int fd = init.open("/proc/kmsg", Abi.O_RDONLY | Abi.O_NONBLOCK);
        byte[] buf = new byte[64];
        assertEquals(EAGAIN.negative(), init.read(fd, buf));
        fs.kmsg().log("hello");
        fs.kmsg().log("world");
        assertEquals(3, init.read(fd, buf, 0, 3));
        assertEquals("hel", str(buf, 3));
        long n = init.read(fd, buf);
        assertEquals("lo\nworld\n", str(buf, n));
        assertEquals(EAGAIN.negative(), init.read(fd, buf), "reading consumes");
        assertEquals(0, fs.kmsg().unread());
        assertTrue(fs.kmsg().dmesg().endsWith("hello\nworld\n"), "dmesg does not consume");
    }

    @Test
    void kmsgBlockingReadWaitsForALine() {
        int fd = init.open("/proc/kmsg", Abi.O_RDONLY);
        byte[] buf = new byte[64];
        AtomicLong got = new AtomicLong(Long.MIN_VALUE);
        Sync.Started reader = Sync.start("klogd", () -> got.set(init.read(fd, buf)));
        awaitBlocked(reader.thread);
        assertEquals(Long.MIN_VALUE, got.get());
        fs.kmsg().log("line");
        reader.join();
        assertEquals("line\n", str(buf, got.get()));
    }

    @Test
    void kmsgPollReportsPollinWhenThereIsUnreadData() {
        int fd = init.open("/proc/kmsg", Abi.O_RDONLY);
        PollFd[] pfd = {new PollFd(fd, Abi.POLLIN | Abi.POLLRDNORM)};
        assertEquals(0, init.poll(pfd, 0), "nothing logged");
        assertEquals(0, init.poll(pfd, 20), "a poll with a timeout times out");

        AtomicInteger n = new AtomicInteger(Integer.MIN_VALUE);
        Sync.Started poller = Sync.start("poller", () -> n.set(init.poll(pfd, -1)));
        awaitBlocked(poller.thread);
        fs.kmsg().log("wake up");
        poller.join();
        assertEquals(1, n.get());
        assertEquals(Abi.POLLIN | Abi.POLLRDNORM, pfd[0].revents);

        assertEquals(8, init.read(fd, new byte[64]));
        assertEquals(0, init.poll(pfd, 0), "all read");
    }

    @Test
    void kmsgIsForRootOnly() {
        Process user = kernel.spawn("user", 1000);
        assertEquals(EACCES.negative(), user.open("/proc/kmsg", Abi.O_RDONLY));
    }

    @Test
    void createCallsRefuseWhatLinuxRefuses() {
        fs.createSingle("driver/x", 0444, out -> {});
        assertEquals(EEXIST, assertThrows(ProcFsException.class, () -> fs.createSingle("driver/x", 0444, out -> {})).errno());
        assertEquals(ENOENT, assertThrows(ProcFsException.class, () -> fs.mkdir("no/such/dir")).errno());
        assertEquals(ENOTDIR, assertThrows(ProcFsException.class, () -> fs.mkdir("driver/x/y")).errno());
        assertEquals(EINVAL, assertThrows(ProcFsException.class, () -> fs.mkdir("driver/../etc")).errno());
        assertEquals(EINVAL, assertThrows(ProcFsException.class, () -> fs.mkdir("")).errno());
        assertEquals(EINVAL, assertThrows(ProcFsException.class, () -> fs.mkdir("/etc/x")).errno());
        assertNotNull(fs.mkdir("/proc/driver/abs"), "an absolute /proc path is fine");
        fs.symlink("driver/link", "x");
        assertTrue(cat(init, "/proc/driver/link").isEmpty(), "a symlink in /proc is followed");
        assertEquals(ProcFs.MOUNT_POINT, fs.root().path());
    }

    @Test
    void mountingTwiceFails() {
        assertThrows(ProcFsException.class, () -> ProcFs.mount(kernel));
    }
}
