package dev.stevedore.cli;

/** Bad input from the person at the terminal: printed without a stack trace, exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
