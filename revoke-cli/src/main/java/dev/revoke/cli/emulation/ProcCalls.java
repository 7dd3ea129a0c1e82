package dev.revoke.cli.emulation;

import dev.revoke.cli.text.Quote;
import dev.revoke.procfs.ProcFs;
import dev.revoke.procfs.Removal;

/**
 * What a driver does to procfs, as calls the kernel's actor makes: log a
 * line to /proc/kmsg, remove an entry (which revokes its open files). The
 * removal's outcome is its status, with the rundown's figures as a note.
 */
public final class ProcCalls {
    private ProcCalls() {
    }

    public static Call printk(ProcFs procfs, String line) {
        return new Call("printk(" + Quote.string(line) + ")", p -> {
            procfs.kmsg().log(line);
            return Outcome.of(0);
        });
    }

    /** {@code remove_proc_entry}, or {@code remove_proc_subtree} with {@code subtree}. */
    public static Call remove(ProcFs procfs, String path, boolean subtree) {
        String name = subtree ? "remove_proc_subtree" : "remove_proc_entry";
        return new Call(name + "(" + Quote.string(path) + ")", p -> {
            Removal r = subtree ? procfs.removeSubtree(path) : procfs.remove(path);
            Outcome o = Outcome.of(r.status());
            if (!r.ok()) {
                return o;
            }
            return o.withReleased(r.filesReleased()).withNote(r.entries().size() + (r.entries().size() == 1 ? " entry" : " entries")
                    + " run down, " + r.filesReleased() + (r.filesReleased() == 1 ? " file" : " files") + " released, drain "
                    + Timeline.millis(r.drainNanos()) + (r.deferred().isEmpty() ? "" : ", deferred: " + r.deferred()));
        }).showingDuration();
    }
}
