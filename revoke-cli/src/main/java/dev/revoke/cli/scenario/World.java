package dev.revoke.cli.scenario;

import dev.revoke.cli.emulation.Actor;
import dev.revoke.cli.emulation.Emulation;
import dev.revoke.cli.emulation.Outcome;
import dev.revoke.cli.emulation.Timeline;
import dev.revoke.kernel.Process;
import dev.revoke.tty.TtyLayer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scenario's running state: the booted emulation, its processes and
 * threads by scenario name, the names bound with {@code ->}, and the last
 * result, which {@code expect} reads.
 */
public final class World implements AutoCloseable {
    private final Emulation emulation;
    private final Timeline timeline;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, Actor> actors = new ConcurrentHashMap<>();
    private final Map<String, Long> bindings = new ConcurrentHashMap<>();
    private final Map<String, TtyLayer.Terminal> terminals = new ConcurrentHashMap<>();
    private final Actor kernel;
    private volatile Outcome last;
    private volatile long released = -1;
    private volatile Duration timeout = Duration.ofSeconds(5);
    private int expectations;

    World(Emulation emulation, Timeline timeline) {
        this.emulation = emulation;
        this.timeline = timeline;
        this.kernel = new Actor("kernel", null, timeline);
    }

    public Emulation emulation() {
        return emulation;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The actor for the kernel's own work (procfs changes). */
    public Actor kernel() {
        return kernel;
    }

    /** Adds a process under a scenario name, with its main thread of the same name. */
    public void addProcess(String name, Process p) {
        processes.put(name, p);
        actors.put(name, new Actor(Actor.labelFor(p, null), p, timeline));
    }

    public void addThread(String name, String process) {
        Process p = process(process);
        actors.put(name, new Actor(Actor.labelFor(p, name), p, timeline));
    }

    public Process process(String name) {
        return processes.get(name);
    }

    public Actor actor(String name) {
        return actors.get(name);
    }

    public long binding(String name) {
        return bindings.getOrDefault(name, -1L);
    }

    public void bind(String name, long value) {
        bindings.put(name, value);
    }

    /** A pty pair made by {@code pty NAME for PROC}: NAME is bound to its master's descriptor too. */
    public void addTerminal(String name, TtyLayer.Terminal t) {
        terminals.put(name, t);
        bind(name, t.masterFd());
    }

    public TtyLayer.Terminal terminal(String name) {
        return terminals.get(name);
    }

    public Outcome last() {
        return last;
    }

    public void last(Outcome o) {
        last = o;
    }

    /** Files released by the last revoke or removal; -1 before any. */
    public long released() {
        return released;
    }

    public void released(long n) {
        released = n;
    }

    public Duration timeout() {
        return timeout;
    }

    public void timeout(Duration d) {
        timeout = d;
    }

    void expectationPassed() {
        expectations++;
    }

    int expectations() {
        return expectations;
    }

    /**
     * Ends everything: calls still asleep are interrupted (emulated sleeps
     * end with EINTR), the actors stop, the processes exit, closing their
     * descriptors.
     */
    @Override
    public void close() {
        for (Actor a : actors.values()) {
            if (a.busy()) {
                a.interrupt();
            }
            a.close();
        }
        kernel.close();
        for (Process p : processes.values()) {
            if (!p.hasExited()) {
                p.exit(0);
            }
        }
    }
}
