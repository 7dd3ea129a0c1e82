package dev.revoke.tty.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a {@link TtyScript} against one backend and returns its transcript.
 *
 * <p>Slave reads and writes run on threads of their own, so that one that
 * blocks does not stop the script: after its allowance it is recorded as
 * "blocked" and kept pending (one read and one write at most) until an
 * await step collects it. At the end anything still pending is woken by
 * hanging the slave up and joined before the pair is closed, so no
 * descriptor is closed under a thread still using it.
 */
final class ScriptRunner {
    private static final long JOIN_MILLIS = 5_000;

    private final PtyBackend backend;
    private final List<String> notes = new ArrayList<>();
    private CompletableFuture<String> pendingRead;
    private CompletableFuture<String> pendingWrite;

    private ScriptRunner(PtyBackend backend) {
        this.backend = backend;
    }

    /** Runs {@code script} on {@code backend}, then closes the backend. */
    static Transcript run(TtyScript script, PtyBackend backend) throws Exception {
        ScriptRunner r = new ScriptRunner(backend);
        Transcript t = new Transcript();
        try {
            for (Step s : script.steps()) {
                String result;
                try {
                    result = s.run(r);
                } catch (IllegalStateException e) {
                    // A script that does not fit this backend's behaviour (a second read while the
                    // first still blocks, say): recorded, so the transcripts show where they part.
                    t.add(s.describe(), "script error: " + e.getMessage());
                    break;
                }
                t.add(s.describe(), result);
            }
        } finally {
            r.finish();
        }
        for (String n : r.notes) {
            System.out.println(script.name() + " [" + backend.name() + "]: " + n);
        }
        return t;
    }

    PtyBackend backend() {
        return backend;
    }

    /** A remark for the test log that is not part of the compared transcript (e.g. a capacity). */
    void note(String s) {
        notes.add(s);
    }

    String startRead(Supplier<String> call, long blockMillis) throws Exception {
        if (pendingRead != null) {
            throw new IllegalStateException("a read is already pending");
        }
        CompletableFuture<String> f = launch(call, "slave-read");
        String result = within(f, blockMillis);
        if (result == null) {
            pendingRead = f;
            return "blocked";
        }
        return result;
    }

    String awaitRead(long millis) throws Exception {
        if (pendingRead == null) {
            return "nothing pending";
        }
        String result = within(pendingRead, millis);
        if (result == null) {
            return "still blocked";
        }
        pendingRead = null;
        return result;
    }

    String startWrite(Supplier<String> call, long blockMillis) throws Exception {
        if (pendingWrite != null) {
            throw new IllegalStateException("a write is already pending");
        }
        CompletableFuture<String> f = launch(call, "slave-write");
        String result = within(f, blockMillis);
        if (result == null) {
            pendingWrite = f;
            return "blocked";
        }
        return result;
    }

    String awaitWrite(long millis) throws Exception {
        if (pendingWrite == null) {
            return "nothing pending";
        }
        String result = within(pendingWrite, millis);
        if (result == null) {
            return "still blocked";
        }
        pendingWrite = null;
        return result;
    }

    private static CompletableFuture<String> launch(Supplier<String> call, String name) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                f.complete(call.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** The call's result, or null if it has not returned within {@code millis}. */
    private static String within(CompletableFuture<String> f, long millis) throws Exception {
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** Wakes and joins pending calls, then closes; leaks the pair rather than close it under a blocked thread. */
    private void finish() throws Exception {
        if (pendingRead != null || pendingWrite != null) {
            backend.wakeBlocked();
            for (CompletableFuture<String> f : List.of(pending(pendingRead), pending(pendingWrite))) {
                if (within(f, JOIN_MILLIS) == null) {
                    throw new IllegalStateException(backend.name() + ": a slave call is still blocked after hangup");
                }
            }
        }
        backend.close();
    }

    private static CompletableFuture<String> pending(CompletableFuture<String> f) {
        return f != null ? f : CompletableFuture.completedFuture("");
    }
}
