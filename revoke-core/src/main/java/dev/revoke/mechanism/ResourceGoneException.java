package dev.revoke.mechanism;

/** {@code make_revokable} on a resource that is already going away (Viro's -ENOENT). */
public final class ResourceGoneException extends Exception {
    public ResourceGoneException(Revokable resource) {
        super(resource + " is going away");
    }
}
