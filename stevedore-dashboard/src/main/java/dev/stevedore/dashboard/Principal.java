package dev.stevedore.dashboard;

/**
 * Who sent a request, as the audit log records it.
 *
 * @param name the user's or token's configured name, or {@value #LOCAL} without login on loopback
 * @param role what they may do
 */
record Principal(String name, Role role) {
    /** The name of the anonymous loopback user when no credential is configured. */
    static final String LOCAL = "local";

    boolean mayAct() {
        return role == Role.OPERATOR;
    }
}
