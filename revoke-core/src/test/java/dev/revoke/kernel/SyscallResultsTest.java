package dev.revoke.kernel;

import static dev.revoke.panama.Errno.EACCES;
import static dev.revoke.panama.Errno.EBADF;
import static dev.revoke.panama.Errno.EEXIST;
import static dev.revoke.panama.Errno.EFAULT;
import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.EISDIR;
import static dev.revoke.panama.Errno.EMFILE;
import static dev.revoke.panama.Errno.ENAMETOOLONG;
import static dev.revoke.panama.Errno.ENOENT;
import static dev.revoke.panama.Errno.ENOTDIR;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.ENXIO;
import static dev.revoke.panama.Errno.EPERM;
import static dev.revoke.panama.Errno.ESPIPE;
import static dev.revoke.vfs.Abi.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.revoke.panama.Errno;

import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each row is a call made by Alice (uid 1000) on a fresh
 * system and the result Linux gives for it. Results print as errno names so
 * a failing row reads like strace.
 */
class SyscallResultsTest {

    private static Arguments row(String call, long expected, ToLongFunction<Process> body) {
        return Arguments.of(call, expected, body);
    }

    private static long err(Errno e) {
        return e.negative();
    }

    static Stream<Arguments> rows() {
        String longName = "x".repeat(NAME_MAX + 1);
        String longPath = "/" + "a/".repeat(PATH_MAX / 2);
        return Stream.of(
                // open: paths
                row("open(\"/etc/motd\", O_RDONLY)", 3, p -> p.open("/etc/motd", O_RDONLY)),
                row("open(\"\", O_RDONLY)", err(ENOENT), p -> p.open("", O_RDONLY)),
                row("open(\"/nope\", O_RDONLY)", err(ENOENT), p -> p.open("/nope", O_RDONLY)),
                row("open(\"/nope/x\", O_RDONLY)", err(ENOENT), p -> p.open("/nope/x", O_RDONLY)),
                row("open(\"/etc/motd/x\", O_RDONLY)", err(ENOTDIR), p -> p.open("/etc/motd/x", O_RDONLY)),
                row("open(\"/etc/motd/\", O_RDONLY)", err(ENOTDIR), p -> p.open("/etc/motd/", O_RDONLY)),
                row("open(\"//etc//motd\", O_RDONLY)", 3, p -> p.open("//etc//motd", O_RDONLY)),
                row("open(\"/etc/../etc/./motd\", O_RDONLY)", 3, p -> p.open("/etc/../etc/./motd", O_RDONLY)),
                row("open(\"/../../etc/motd\", O_RDONLY)", 3, p -> p.open("/../../etc/motd", O_RDONLY)),
                row("open(\"/etc/NAME_MAX+1\", O_RDONLY)", err(ENAMETOOLONG), p -> p.open("/etc/" + longName, O_RDONLY)),
                row("open(PATH_MAX path, O_RDONLY)", err(ENAMETOOLONG), p -> p.open(longPath, O_RDONLY)),
                row("open(\"/etc\", O_WRONLY)", err(EISDIR), p -> p.open("/etc", O_WRONLY)),
                row("open(\"/etc\", O_RDONLY)", 3, p -> p.open("/etc", O_RDONLY)),
                row("open(\"/etc/motd\", O_DIRECTORY)", err(ENOTDIR), p -> p.open("/etc/motd", O_RDONLY | O_DIRECTORY)),
                row("open(\"/secret/key\", O_RDONLY)", err(EACCES), p -> p.open("/secret/key", O_RDONLY)),
                row("open(\"/etc/motd\", O_WRONLY)", err(EACCES), p -> p.open("/etc/motd", O_WRONLY)),
                row("open(\"/dev/nodriver\", O_RDWR)", err(ENXIO), p -> p.open("/dev/nodriver", O_RDWR)),
                // open: creation
                row("open(\"/tmp/new\", O_CREAT|O_WRONLY)", 3, p -> p.open("/tmp/new", O_CREAT | O_WRONLY, 0644)),
                row("open(\"/tmp/new/\", O_CREAT|O_WRONLY)", err(EISDIR), p -> p.open("/tmp/new/", O_CREAT | O_WRONLY, 0644)),
                row("open(\"/etc/motd\", O_CREAT|O_EXCL)", err(EEXIST), p -> p.open("/etc/motd", O_CREAT | O_EXCL | O_RDONLY, 0644)),
                row("open(\"/etc/new\", O_CREAT) in a 0755 root dir", err(EACCES), p -> p.open("/etc/new", O_CREAT | O_WRONLY, 0644)),
                row("open(\"/nope/new\", O_CREAT)", err(ENOENT), p -> p.open("/nope/new", O_CREAT | O_WRONLY, 0644)),
                // descriptors
                row("read(-1)", err(EBADF), p -> p.read(-1, new byte[1])),
                row("read(99)", err(EBADF), p -> p.read(99, new byte[1])),
                row("read(closed fd)", err(EBADF), p -> { int fd = p.open("/etc/motd", O_RDONLY); p.close(fd); return p.read(fd, new byte[1]); }),
                row("read(O_WRONLY fd)", err(EBADF), p -> p.read(p.open("/tmp/w", O_CREAT | O_WRONLY, 0600), new byte[1])),
                row("write(O_RDONLY fd)", err(EBADF), p -> p.write(p.open("/etc/motd", O_RDONLY), new byte[1])),
                row("read(directory fd)", err(EISDIR), p -> p.read(p.open("/etc", O_RDONLY), new byte[1])),
                row("read(fd, buf, off past end)", err(EFAULT), p -> p.read(p.open("/etc/motd", O_RDONLY), new byte[4], 3, 2)),
                row("read(\"/etc/motd\", 64)", 13, p -> p.read(p.open("/etc/motd", O_RDONLY), new byte[64])),
                row("close(-1)", err(EBADF), p -> p.close(-1)),
                row("close(3) twice", err(EBADF), p -> { p.close(p.open("/etc/motd", O_RDONLY)); return p.close(3); }),
                row("dup(42)", err(EBADF), p -> p.dup(42)),
                row("dup2(3, -1)", err(EBADF), p -> p.dup2(p.open("/etc/motd", O_RDONLY), -1)),
                row("dup2(3, 1024)", err(EBADF), p -> p.dup2(p.open("/etc/motd", O_RDONLY), 1024)),
                row("dup2(3, 3)", 3, p -> p.dup2(p.open("/etc/motd", O_RDONLY), 3)),
                row("dup2(42, 5)", err(EBADF), p -> p.dup2(42, 5)),
                row("dup2(3, 200)", 200, p -> p.dup2(p.open("/etc/motd", O_RDONLY), 200)),
                row("open past RLIMIT_NOFILE", err(EMFILE), p -> { long r = 0; for (int i = 0; i <= 1024 && r >= 0; i++) { r = p.open("/etc/motd", O_RDONLY); } return r; }),
                // seeking
                row("lseek(motd, 5, SEEK_SET)", 5, p -> p.lseek(p.open("/etc/motd", O_RDONLY), 5, SEEK_SET)),
                row("lseek(motd, -1, SEEK_END)", 12, p -> p.lseek(p.open("/etc/motd", O_RDONLY), -1, SEEK_END)),
                row("lseek(motd, -1, SEEK_SET)", err(EINVAL), p -> p.lseek(p.open("/etc/motd", O_RDONLY), -1, SEEK_SET)),
                row("lseek(motd, 0, 7)", err(EINVAL), p -> p.lseek(p.open("/etc/motd", O_RDONLY), 0, 7)),
                row("lseek(fifo, 0, SEEK_SET)", err(ESPIPE), p -> p.lseek(p.open("/dev/ttyF0", O_RDWR), 0, SEEK_SET)),
                row("lseek(-1, 0, SEEK_SET)", err(EBADF), p -> p.lseek(-1, 0, SEEK_SET)),
                // ioctl
                row("ioctl(motd, TIOCGWINSZ)", err(ENOTTY), p -> p.ioctl(p.open("/etc/motd", O_RDONLY), TIOCGWINSZ, new int[4])),
                row("ioctl(-1, FIONREAD)", err(EBADF), p -> p.ioctl(-1, FIONREAD, new int[1])),
                row("ioctl(fifo, FIONREAD)", 0, p -> p.ioctl(p.open("/dev/ttyF0", O_RDWR), FIONREAD, new int[1])),
                row("ioctl(fifo, FIONREAD, NULL)", err(EINVAL), p -> p.ioctl(p.open("/dev/ttyF0", O_RDWR), FIONREAD, null)),
                row("ioctl(motd, FIOCLEX)", 0, p -> p.ioctl(p.open("/etc/motd", O_RDONLY), FIOCLEX, null)),
                // fcntl
                row("fcntl(-1, F_GETFD)", err(EBADF), p -> p.fcntl(-1, F_GETFD, 0)),
                row("fcntl(motd, 99)", err(EINVAL), p -> p.fcntl(p.open("/etc/motd", O_RDONLY), 99, 0)),
                row("fcntl(O_CLOEXEC fd, F_GETFD)", FD_CLOEXEC, p -> p.fcntl(p.open("/etc/motd", O_RDONLY | O_CLOEXEC), F_GETFD, 0)),
                row("fcntl(F_SETFD, 0) then F_GETFD", 0, p -> { int fd = p.open("/etc/motd", O_RDONLY | O_CLOEXEC); p.fcntl(fd, F_SETFD, 0); return p.fcntl(fd, F_GETFD, 0); }),
                row("fcntl(O_RDWR fd, F_GETFL)", O_RDWR, p -> p.fcntl(p.open("/dev/ttyF0", O_RDWR), F_GETFL, 0)),
                row("fcntl(F_SETFL, O_NONBLOCK) then read(empty fifo)", err(Errno.EAGAIN), p -> { int fd = p.open("/dev/ttyF0", O_RDWR); p.fcntl(fd, F_SETFL, O_NONBLOCK); return p.read(fd, new byte[1]); }),
                row("fcntl(F_SETFL, O_RDONLY) keeps the access mode", O_RDWR | O_ASYNC, p -> { int fd = p.open("/dev/ttyF0", O_RDWR); p.fcntl(fd, F_SETFL, O_ASYNC); return p.fcntl(fd, F_GETFL, 0); }),
                row("fcntl(revoked fifo, F_SETFL, O_ASYNC)", 0, p -> { int fd = p.open("/dev/ttyF0", O_RDWR); p.revoke("/dev/ttyF0"); return p.fcntl(fd, F_SETFL, O_ASYNC); }),
                // non-blocking
                row("read(empty fifo, O_NONBLOCK)", err(Errno.EAGAIN), p -> p.read(p.open("/dev/ttyF0", O_RDWR | O_NONBLOCK), new byte[1])),
                row("ioctl(FIONBIO) then read(empty fifo)", err(Errno.EAGAIN), p -> { int fd = p.open("/dev/ttyF0", O_RDWR); p.ioctl(fd, FIONBIO, new int[]{1}); return p.read(fd, new byte[1]); }),
                // mmap
                row("mmap(motd, 0 bytes)", err(EINVAL), p -> p.mmap(p.open("/etc/motd", O_RDONLY), 0, 0)),
                row("mmap(motd, unaligned offset)", err(EINVAL), p -> p.mmap(p.open("/etc/motd", O_RDONLY), 10, 3)),
                row("mmap(O_WRONLY fd)", err(EACCES), p -> p.mmap(p.open("/tmp/w2", O_CREAT | O_WRONLY, 0600), 10, 0)),
                row("mmap(directory)", err(Errno.ENODEV), p -> p.mmap(p.open("/etc", O_RDONLY), 10, 0)),
                row("munmap(bogus)", err(EINVAL), p -> p.munmap(12345)),
                // revoke(2), FreeBSD's rules
                row("revoke(\"/nope\")", err(ENOENT), p -> p.revoke("/nope")),
                row("revoke(\"/etc/motd\")", err(EINVAL), p -> p.revoke("/etc/motd")),
                row("revoke(\"/etc\")", err(EINVAL), p -> p.revoke("/etc")),
                row("revoke(\"/dev/ttyF0\") by its owner", 0, p -> p.revoke("/dev/ttyF0")),
                row("revoke(\"/dev/nodriver\") by a non-owner", err(EPERM), p -> p.revoke("/dev/nodriver")),
                row("vhangup() without CAP_SYS_TTY_CONFIG", err(EPERM), Process::vhangup),
                // poll
                row("poll({-1}, 0)", 0, p -> p.poll(new PollFd[]{new PollFd(-1, POLLIN)}, 0)),
                row("poll({77}, 0) -> POLLNVAL", 1, p -> p.poll(new PollFd[]{new PollFd(77, POLLIN)}, 0)),
                row("poll(empty fifo, POLLIN, 10ms)", 0, p -> p.poll(new PollFd[]{new PollFd(p.open("/dev/ttyF0", O_RDWR), POLLIN)}, 10)),
                row("poll(fifo, POLLOUT, 0)", 1, p -> p.poll(new PollFd[]{new PollFd(p.open("/dev/ttyF0", O_RDWR), POLLOUT)}, 0)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("rows")
    void callReturnsWhatLinuxReturns(String call, long expected, ToLongFunction<Process> body) {
        TestSystem sys = new TestSystem();
        Process alice = sys.kernel.spawn("alice", TestSystem.ALICE);
        long got = body.applyAsLong(alice);
        assertEquals(render(expected), render(got), call);
    }

    private static String render(long r) {
        return r >= 0 ? Long.toString(r) : "-" + Errno.nameOf((int) -r);
    }
}
