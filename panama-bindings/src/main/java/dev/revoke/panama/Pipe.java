package dev.revoke.panama;

/** The two ends of a pipe2(2), owned together. */
public record Pipe(NativeFd readEnd, NativeFd writeEnd) implements AutoCloseable {
    @Override
    public void close() {
        try {
            readEnd.close();
        } finally {
            writeEnd.close();
        }
    }
}
