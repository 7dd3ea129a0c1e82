package dev.revoke.cli.scenario;

import dev.revoke.cli.emulation.Actor;
import dev.revoke.cli.emulation.Call;
import dev.revoke.cli.emulation.Outcome;

/**
 * {@code T: read fd 16} (in the foreground: wait for the result, which
 * becomes LAST) or {@code T: read& fd 16} (in the background: go on once
 * the call has returned or is really asleep; {@code wait T} joins it).
 */
record ThreadCall(String thread, String op, CallTemplate template, boolean background, String bindName) implements Step {
    @Override
    public void run(World w) throws ScenarioFailure {
        Actor a = w.actor(thread);
        Call c = template.bind(w);
        if (background) {
            a.start(c, w.timeout());
            return;
        }
        Outcome o;
        try {
            o = a.call(c, w.timeout());
        } catch (Actor.StillRunning e) {
            throw new ScenarioFailure(e.getMessage() + ": it is asleep (a call that may sleep is started with `"
                    + thread + ": " + op + "& ...` and joined with `wait " + thread + "`)");
        }
        if (o.isFailure()) {
            throw new ScenarioFailure(a.label() + ": " + c.text() + " threw " + o.failure());
        }
        w.last(o);
        if (bindName != null) {
            w.bind(bindName, o.value());
        }
    }
}
