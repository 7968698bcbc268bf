package dev.stevedore.spi;

/** A store operation failed (database unreachable, constraint violated, bad schema …). */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
