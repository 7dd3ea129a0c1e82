package dev.revoke.cli.emulation;

import dev.revoke.cli.text.Quote;
import dev.revoke.kernel.PollFd;
import dev.revoke.kernel.Process;
import dev.revoke.vfs.Abi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The emulated system calls as {@link Call}s, each printing itself the way
 * strace does. Shared by the demo scenes and the scenario language, so both
 * show calls alike.
 */
public final class Calls {
    private Calls() {
    }

    public static Call open(String path, int flags) {
        return new Call("open(" + Quote.string(path) + ", " + Flags.openFlags(flags) + ")", p -> Outcome.of(p.open(path, flags)));
    }

    public static Call read(int fd, int count) {
        return new Call("read(" + fd + ", " + count + ")", p -> {
            byte[] buf = new byte[count];
            long n = p.read(fd, buf);
            Outcome o = Outcome.of(n);
            return n >= 0 ? o.withData(Arrays.copyOf(buf, (int) n)) : o;
        });
    }

    public static Call write(int fd, String text) {
        return write(fd, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Call write(int fd, byte[] bytes) {
        byte[] b = bytes.clone();
        return new Call("write(" + fd + ", " + Quote.bytes(b) + ", " + b.length + ")", p -> Outcome.of(p.write(fd, b)));
    }

    public static Call close(int fd) {
        return new Call("close(" + fd + ")", p -> Outcome.of(p.close(fd)));
    }

    public static Call dup(int fd) {
        return new Call("dup(" + fd + ")", p -> Outcome.of(p.dup(fd)));
    }

    public static Call dup2(int fd, int newFd) {
        return new Call("dup2(" + fd + ", " + newFd + ")", p -> Outcome.of(p.dup2(fd, newFd)));
    }

    public static Call lseek(int fd, long offset, int whence) {
        String w = Flags.SEEK.entrySet().stream().filter(e -> e.getValue() == whence)
                .map(Map.Entry::getKey).findFirst().orElse(Integer.toString(whence));
        return new Call("lseek(" + fd + ", " + offset + ", " + w + ")", p -> Outcome.of(p.lseek(fd, offset, whence)));
    }

    /** poll(2) of one descriptor; the outcome carries its revents. */
    public static Call poll(int fd, int events, int timeoutMillis) {
        return new Call("poll([{fd=" + fd + ", events=" + Abi.pollBits(events) + "}], 1, " + timeoutMillis + ")", p -> {
            PollFd[] set = {new PollFd(fd, events)};
            int n = p.poll(set, timeoutMillis);
            return Outcome.of(n).withRevents(set[0].revents);
        });
    }

    /** ioctl(2) with an {@code int[1]} argument, which the outcome reports back. */
    public static Call ioctl(int fd, int request, int arg) {
        return new Call("ioctl(" + fd + ", " + Flags.ioctlName(request) + ", [" + arg + "])", p -> {
            int[] box = {arg};
            return Outcome.of(p.ioctl(fd, request, box)).withArg(box[0]);
        });
    }

    /** revoke(2) by path: FreeBSD's rules, every alias of the device. */
    public static Call revoke(String path) {
        return new Call("revoke(" + Quote.string(path) + ")", (Process p) -> Outcome.of(p.revoke(path))).showingDuration();
    }
}
