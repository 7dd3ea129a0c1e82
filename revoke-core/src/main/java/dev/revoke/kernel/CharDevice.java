package dev.revoke.kernel;

import static dev.revoke.panama.Errno.ENOENT;

import dev.revoke.mechanism.InUse;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.RevokeReport;
import dev.revoke.vfs.DeviceNumber;
import dev.revoke.vfs.OpenFile;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A registered character device: the object every node with its
 * major:minor leads to, so that all aliases revoke together (Viro's point 6:
 * from a path to the revokable goes through the device number, as
 * {@code cdev} lookup does).
 *
 * <p>Generations answer Viro's point 5, open racing revoke. A revocation
 * first installs a fresh {@link Revokable}, then revokes the old one. An
 * open that attached to the old one before it died is released by that
 * revocation; one that found it dying retries and lands on the new one,
 * which the revocation never touches. No open ends on both or on neither.
 */
public final class CharDevice {
    private final DeviceNumber number;
    private final CharDriver driver;
    private final AtomicReference<Revokable> generation = new AtomicReference<>();
    private final AtomicInteger generationCount = new AtomicInteger();

    CharDevice(DeviceNumber number, CharDriver driver) {
        this.number = number;
        this.driver = driver;
        generation.set(freshGeneration());
    }

    public DeviceNumber number() {
        return number;
    }

    public CharDriver driver() {
        return driver;
    }

    /** The generation new opens attach to. */
    public Revokable generation() {
        return generation.get();
    }

    /** How many generations the device has had; 1 until its first revocation. */
    public int generationNumber() {
        return generationCount.get();
    }

    /**
     * Attaches {@code file} to the current generation, the last step of a
     * driver's open. A generation that is dying has already been replaced,
     * so one retry finds the new one.
     */
    public int attach(OpenFile file) {
        while (true) {
            Revokable g = generation.get();
            int r = file.makeRevokable(g);
            if (r == 0 || generation.get() == g) {
                return r == 0 ? 0 : ENOENT.negative();
            }
        }
    }

    /** Replaces the generation, then revokes the old one. */
    public RevokeReport newGeneration() {
        Revokable old = generation.getAndSet(freshGeneration());
        return old.revokeIt();
    }

    private Revokable freshGeneration() {
        int n = generationCount.incrementAndGet();
        return Revokable.create("cdev " + number + " gen " + n, InUse.Kind.BIASED, driver.kick(this));
    }

    @Override
    public String toString() {
        return "cdev " + number;
    }
}
