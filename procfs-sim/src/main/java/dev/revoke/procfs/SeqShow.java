package dev.revoke.procfs;

import java.io.PrintWriter;

/**
 * A {@code single_open} show callback: renders the whole content of a
 * file. procfs calls it when a read starts at position 0 (or on the first
 * read, or on a seek to a new position) and serves reads in pieces from
 * that rendering, as {@code seq_read} does.
 */
@FunctionalInterface
public interface SeqShow {
    void show(PrintWriter out);
}
