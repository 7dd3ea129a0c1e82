package dev.revoke.revokefs.server;

import static dev.revoke.panama.Errno.EAGAIN;
import static dev.revoke.panama.Errno.EINTR;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENODEV;
import static dev.revoke.panama.Errno.ENOENT;
import static dev.revoke.panama.Errno.EPROTO;

import dev.revoke.panama.Errno;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.PollSet;
import dev.revoke.panama.Sys;
import dev.revoke.panama.libc.Libc;
import dev.revoke.revokefs.fuse.Fuse;
import dev.revoke.revokefs.fuse.fuse_batch_forget_in;
import dev.revoke.revokefs.fuse.fuse_forget_in;
import dev.revoke.revokefs.fuse.fuse_forget_one;
import dev.revoke.revokefs.fuse.fuse_init_in;
import dev.revoke.revokefs.fuse.fuse_init_out;
import dev.revoke.revokefs.fuse.fuse_interrupt_in;
import dev.revoke.revokefs.protocol.Opcodes;
import dev.revoke.revokefs.protocol.ProtocolException;
import dev.revoke.revokefs.protocol.Reply;
import dev.revoke.revokefs.protocol.Request;
import dev.revoke.vfs.Abi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The FUSE session loop over one /dev/fuse descriptor.
 *
 * <p>A few platform threads (the readers) sleep in poll(2) on the device
 * and on a wake-up eventfd, read one request each time the device is
 * readable (the descriptor is non-blocking, so readers that lose the race
 * for a request go back to poll), and dispatch it. INIT, FORGET,
 * BATCH_FORGET and INTERRUPT are done on the reader itself, at once; every
 * other request gets a virtual thread of its own, so a request that sleeps
 * (a read of /proc/kmsg, say) holds up nothing else, however many of them
 * there are.
 *
 * <p>Interrupts. A request is registered before the reader reads again.
 * FUSE_INTERRUPT names a request by its unique id: if it is being served,
 * its thread is interrupted (the handler's sleep ends and it answers EINTR);
 * if it had not started yet, it is answered EINTR without being served; if
 * it is not found (another reader has read it and not yet registered it),
 * the interrupt is answered EAGAIN, which makes the kernel queue it again,
 * as the protocol provides.
 *
 * <p>The session ends when the kernel says the connection is gone (the
 * device reads ENODEV or polls POLLERR: unmounted, or aborted), or on
 * {@link #stop()}. Requests still being served are then interrupted.
 */
public final class Session implements AutoCloseable {
    /** What INIT settled. */
    public record Agreement(int major, int minor, int flags, int maxWrite, int maxReadahead) {}

    /** Largest WRITE payload and READ size: 32 pages. */
    public static final int MAX_WRITE = 128 * 1024;
    /** Header, write_in and a whole write, with room to spare; the kernel refuses smaller buffers. */
    static final long BUFFER_SIZE = MAX_WRITE + 4096;
    /** The protocol minor revokefs speaks: its header's. */
    public static final int OUR_MINOR = Fuse.FUSE_KERNEL_MINOR_VERSION();

    private static final boolean TRACE = Boolean.getBoolean("revokefs.trace");
    private static final int WANTED_FLAGS = Fuse.FUSE_ASYNC_READ() | Fuse.FUSE_ATOMIC_O_TRUNC()
            | Fuse.FUSE_BIG_WRITES() | Fuse.FUSE_PARALLEL_DIROPS() | Fuse.FUSE_MAX_PAGES();

    private final String name;
    private final NativeFd device;
    private final NativeFd wake;
    private final Channel channel;
    private final RequestHandler handler;
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Agreement> init = new CompletableFuture<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicInteger liveReaders = new AtomicInteger();
    private final List<Thread> readers = new ArrayList<>();
    private final ThreadFactory workers = Thread.ofVirtual().name("revokefs-request-", 1).factory();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong interrupts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean stopping;
    private volatile String endReason;

    /**
     * @param name   for thread names and messages (the mount point)
     * @param device an open, non-blocking /dev/fuse descriptor, owned by the session from now on
     */
    public Session(String name, NativeFd device, RequestHandler handler) {
        this.name = name;
        this.device = device;
        this.channel = new Channel(device);
        this.handler = handler;
        int efd = Sys.eventfd(0, Libc.EFD_CLOEXEC());
        if (efd < 0) {
            throw new IllegalStateException("eventfd: " + Errno.nameOf(-efd));
        }
        this.wake = NativeFd.adopt(efd);
    }

    public Channel channel() {
        return channel;
    }

    /** Starts {@code readerCount} reader threads. */
    public synchronized void start(int readerCount) {
        if (!readers.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        liveReaders.set(readerCount);
        for (int i = 0; i < readerCount; i++) {
            Thread t = Thread.ofPlatform().daemon().name("revokefs-reader-" + i + " " + name).unstarted(this::readLoop);
            readers.add(t);
        }
        readers.forEach(Thread::start);
    }

    /** Waits for the INIT exchange; null if it did not happen within the time, or the session ended first. */
    public Agreement awaitInit(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            return init.get(timeout, unit);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    /** Blocks until the session has ended. */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /** Why the session ended ("unmounted", "stopped", ...); null while it runs. */
    public String endReason() {
        return endReason;
    }

    /** Requests being served right now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Requests with this opcode being served right now (a READ asleep in the daemon, say). */
    public int inFlight(int opcode) {
        return (int) inFlight.values().stream().filter(f -> f.opcode == opcode).count();
    }

    public long requests() {
        return requests.get();
    }

    public long interrupts() {
        return interrupts.get();
    }

    /** Requests whose handler threw (answered EIO): a bug or a protocol mismatch. */
    public long failures() {
        return failures.get();
    }

    // ---- the readers

    private void readLoop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(BUFFER_SIZE, 8);
            PollSet set = new PollSet(arena, 2);
            set.set(0, device.raw(), Abi.POLLIN);
            set.set(1, wake.raw(), Abi.POLLIN);
            while (!stopping) {
                int r = Sys.poll(set, -1);
                if (r == EINTR.negative()) {
                    continue;
                }
                if (r < 0) {
                    ending("poll /dev/fuse: " + Errno.nameOf(-r));
                    return;
                }
                if (set.revents(1) != 0) {
                    return;
                }
                int rev = set.revents(0);
                if ((rev & Abi.POLLIN) == 0 && rev != 0) {
                    ending("unmounted (connection closed)");
                    return;
                }
                long n = Sys.read(device.raw(), buf);
                if (n == EAGAIN.negative() || n == EINTR.negative() || n == ENOENT.negative()) {
                    continue; // another reader took it, or it was interrupted away while being read
                }
                if (n == ENODEV.negative()) {
                    ending("unmounted");
                    return;
                }
                if (n < 0) {
                    ending("read /dev/fuse: " + Errno.nameOf((int) -n));
                    return;
                }
                Request req;
                try {
                    req = Request.copyOf(buf, n);
                } catch (ProtocolException e) {
                    System.err.println("revokefs " + name + ": " + e.getMessage());
                    continue;
                }
                dispatch(req);
            }
        } catch (RuntimeException | Error e) {
            ending("reader failed: " + e);
            throw e;
        } finally {
            if (liveReaders.decrementAndGet() == 0) {
                finish();
            }
        }
    }

    private void ending(String reason) {
        if (endReason == null) {
            endReason = reason;
        }
        // wake the other readers
        stopping = true;
        Sys.eventfdWrite(wake.raw(), 1);
    }

    private void dispatch(Request req) {
        requests.incrementAndGet();
        if (TRACE) {
            System.err.println("revokefs <- " + req);
        }
        switch (req.opcode()) {
            case Opcodes.INIT -> channel.reply(req.unique(), init(req));
            case Opcodes.FORGET -> handler.forget(req.nodeId(), fuse_forget_in.nlookup(req.arg(fuse_forget_in.sizeof())));
            case Opcodes.BATCH_FORGET -> batchForget(req);
            case Opcodes.INTERRUPT -> interrupt(req);
            case Opcodes.DESTROY -> {
                channel.reply(req.unique(), Reply.OK);
                ending("destroyed");
            }
            default -> {
                InFlight f = new InFlight(req.unique(), req.opcode());
                inFlight.put(req.unique(), f);
                workers.newThread(() -> serve(f, req)).start();
            }
        }
    }

    private void serve(InFlight f, Request req) {
        Reply reply;
        if (!f.begin()) {
            reply = Reply.error(EINTR.negative());
        } else {
            try {
                reply = handler.handle(req);
            } catch (ProtocolException e) {
                failures.incrementAndGet();
                System.err.println("revokefs " + name + ": " + req + ": " + e.getMessage());
                reply = Reply.error(EIO.negative());
            } catch (RuntimeException | Error e) {
                failures.incrementAndGet();
                System.err.println("revokefs " + name + ": " + req + " failed");
                e.printStackTrace();
                reply = Reply.error(EIO.negative());
            } finally {
                f.end();
            }
        }
        int r = channel.reply(req.unique(), reply);
        if (TRACE) {
            System.err.println("revokefs -> " + req + ": " + reply + (r < 0 ? " (not taken: " + Errno.nameOf(-r) + ")" : ""));
        }
        inFlight.remove(req.unique());
    }

    private void interrupt(Request req) {
        long target = fuse_interrupt_in.unique(req.arg(fuse_interrupt_in.sizeof()));
        interrupts.incrementAndGet();
        InFlight f = inFlight.get(target);
        if (f == null) {
            // Not registered yet (read by another reader a moment ago), or
            // already answered: EAGAIN requeues it in the first case, and the
            // kernel ignores it in the second.
            channel.reply(req.unique(), Reply.error(EAGAIN.negative()));
            return;
        }
        f.interrupt();
    }

    private void batchForget(Request req) {
        MemorySegment in = req.arg(fuse_batch_forget_in.sizeof());
        int count = fuse_batch_forget_in.count(in);
        long one = fuse_forget_one.sizeof();
        long base = fuse_batch_forget_in.sizeof();
        if (base + count * one > req.bodySize()) {
            throw new ProtocolException("BATCH_FORGET of " + count + " in " + req.bodySize() + " bytes");
        }
        for (int i = 0; i < count; i++) {
            MemorySegment f = in.asSlice(base + i * one, one);
            handler.forget(fuse_forget_one.nodeid(f), fuse_forget_one.nlookup(f));
        }
    }

    private Reply init(Request req) {
        MemorySegment in = req.body();
        if (req.bodySize() < 16) {
            return Reply.error(EPROTO.negative());
        }
        int major = fuse_init_in.major(in);
        int minor = fuse_init_in.minor(in);
        if (major != Fuse.FUSE_KERNEL_VERSION()) {
            // Linux has only ever spoken 7; a different major is not FUSE as we know it.
            init.completeExceptionally(new ProtocolException("kernel speaks FUSE " + major + "." + minor));
            return Reply.error(EPROTO.negative());
        }
        int kernelFlags = fuse_init_in.flags(in);
        int agreedMinor = Math.min(minor, OUR_MINOR);
        int flags = WANTED_FLAGS & kernelFlags;
        MemorySegment out = Reply.struct(fuse_init_out.sizeof());
        fuse_init_out.major(out, Fuse.FUSE_KERNEL_VERSION());
        fuse_init_out.minor(out, OUR_MINOR);
        fuse_init_out.max_readahead(out, fuse_init_in.max_readahead(in));
        fuse_init_out.flags(out, flags);
        fuse_init_out.max_background(out, (short) 64);
        fuse_init_out.congestion_threshold(out, (short) 48);
        fuse_init_out.max_write(out, MAX_WRITE);
        fuse_init_out.time_gran(out, 1);
        fuse_init_out.max_pages(out, (short) (MAX_WRITE / 4096));
        Agreement a = new Agreement(Fuse.FUSE_KERNEL_VERSION(), agreedMinor, flags, MAX_WRITE,
                fuse_init_in.max_readahead(in));
        handler.initialized(a, channel);
        init.complete(a);
        // Kernels before 7.23 take the 24-byte reply; a 7.23+ kernel the whole struct.
        return Reply.of(minor < 23 ? out.asSlice(0, 24) : out);
    }

    private void finish() {
        if (endReason == null) {
            endReason = stopping ? "stopped" : "ended";
        }
        for (InFlight f : inFlight.values()) {
            f.interrupt();
        }
        init.completeExceptionally(new IllegalStateException("session ended: " + endReason));
        try {
            handler.ended();
        } finally {
            ended.countDown();
        }
    }

    /** Stops the readers, interrupts requests being served, and waits for the readers to go. */
    public void stop() {
        stopping = true;
        if (endReason == null) {
            endReason = "stopped";
        }
        Sys.eventfdWrite(wake.raw(), 1);
        for (Thread t : readers) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits up to {@code timeout} for requests still being served to answer. */
    public boolean awaitQuiet(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!inFlight.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** {@link #stop()}, then closes the device (which aborts the connection if it is still up) and the eventfd. */
    @Override
    public void close() {
        stop();
        device.close();
        wake.close();
    }
}
