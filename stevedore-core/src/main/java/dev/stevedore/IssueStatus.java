package dev.stevedore;

/** Where an {@link Issue} stands for operators. */
public enum IssueStatus {
    /** New or happening again: someone should look. */
    OPEN,
    /** An operator marked it fixed; a new failure reopens it as a regression. */
    RESOLVED,
    /** An operator chose not to act on it: it keeps counting but stays ignored. */
    IGNORED;

    /** The lower-case name stores keep. */
    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The status of a stored lower-case name. */
    public static IssueStatus ofDbName(String stored) {
        return valueOf(stored.toUpperCase(java.util.Locale.ROOT));
    }
}
