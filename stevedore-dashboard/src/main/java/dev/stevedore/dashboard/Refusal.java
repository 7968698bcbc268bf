package dev.stevedore.dashboard;

/**
 * A request the dashboard will not serve, with the status and the plain message the user sees: bad
 * input (400), no or wrong credentials (401), a role or CSRF refusal (403), nothing there (404), a
 * method the dashboard does not serve (405), a write that is not an HTML form (415).
 */
final class Refusal extends RuntimeException {
    private final int status;

    private Refusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static Refusal badRequest(String message) {
        return new Refusal(400, message);
    }

    static Refusal unauthorized(String message) {
        return new Refusal(401, message);
    }

    static Refusal forbidden(String message) {
        return new Refusal(403, message);
    }

    static Refusal notFound(String message) {
        return new Refusal(404, message);
    }

    static Refusal methodNotAllowed(String message) {
        return new Refusal(405, message);
    }

    static Refusal unsupportedType(String message) {
        return new Refusal(415, message);
    }

    int status() {
        return status;
    }
}
