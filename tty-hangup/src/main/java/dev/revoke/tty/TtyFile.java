package dev.revoke.tty;

/**
 * A tty file's private data. An ordinary file belongs to the generation it
 * was attached to, for good: after that generation is hung up it is dead,
 * whatever the tty does next. A console file belongs to no generation; it
 * follows the tty from one to the next.
 */
record TtyFile(Tty tty, Generation generation, boolean console) {
}
