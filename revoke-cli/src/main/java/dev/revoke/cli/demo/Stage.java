package dev.revoke.cli.demo;

import dev.revoke.cli.emulation.Actor;
import dev.revoke.cli.emulation.Call;
import dev.revoke.cli.emulation.Outcome;
import dev.revoke.cli.emulation.Timeline;
import dev.revoke.kernel.Process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link Scene} is played: it hands out actors, runs their calls
 * with a time limit (a call that hangs fails the scene instead of hanging
 * the demo), narrates, and keeps the score of the scene's checks.
 */
public final class Stage implements AutoCloseable {
    static final Duration LIMIT = Duration.ofSeconds(5);

    private final Timeline timeline;
    private final List<Actor> actors = new ArrayList<>();
    private int checks;
    private int failures;

    Stage(Timeline timeline) {
        this.timeline = timeline;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The main thread of an emulated process. */
    public Actor actor(Process p) {
        return actor(Actor.labelFor(p, null), p);
    }

    /** A thread with no emulated process: the kernel itself, or a plain JVM thread. */
    public Actor actor(String label) {
        return actor(label, null);
    }

    private Actor actor(String label, Process p) {
        Actor a = new Actor(label, p, timeline);
        actors.add(a);
        return a;
    }

    /** Runs a call to its end; a hang fails the scene. */
    public Outcome call(Actor a, Call c) {
        try {
            return a.call(c, LIMIT);
        } catch (Actor.StillRunning e) {
            throw new SceneFailed(e.getMessage());
        }
    }

    /** Starts a call that must fall asleep. */
    public void start(Actor a, Call c) {
        if (!a.start(c, LIMIT)) {
            check(a.label() + " is asleep in " + c.text(), false);
        }
    }

    /** Joins a call started earlier; a hang fails the scene. */
    public Outcome await(Actor a) {
        try {
            return a.await(LIMIT);
        } catch (Actor.StillRunning e) {
            throw new SceneFailed(e.getMessage());
        }
    }

    /** The set-up is done: the scene's clock starts at +0 now. */
    public void begin() {
        actors.forEach(Actor::awaitReady);
        timeline.restart();
    }

    public void say(String text) {
        timeline.note(text);
    }

    /** Records and prints one claim the scene makes. */
    public boolean check(String claim, boolean held) {
        checks++;
        if (!held) {
            failures++;
        }
        timeline.note((held ? "ok     " : "FAILED ") + claim);
        return held;
    }

    public int checks() {
        return checks;
    }

    public int failures() {
        return failures;
    }

    @Override
    public void close() {
        for (Actor a : actors) {
            if (a.busy()) {
                a.interrupt(); // a scene that failed half way: emulated sleeps end with EINTR
            }
            a.close();
        }
    }

    /** A scene that cannot go on (a call hung). */
    public static final class SceneFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SceneFailed(String message) {
            super(message);
        }
    }
}
