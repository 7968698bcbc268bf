package dev.stevedore.tck;

/**
 * Raw SQL that moves a time column of some rows into the past, whatever the engine stores times as:
 * {@code timestamptz} on PostgreSQL (tables named with their schema), epoch milliseconds on SQLite.
 */
final class TimeShift {
    private TimeShift() {}

    /** {@code UPDATE table SET column = column - seconds WHERE where}, in the fixture's engine's terms. */
    static String back(StoreFixture fixture, String table, String column, String where, int seconds) {
        boolean epochMillis = fixture.table(table).indexOf('.') < 0; // SQLite: no schema, times in ms
        String shifted = epochMillis ? column + " - " + seconds * 1000L : column + " - interval '" + seconds + " seconds'";
        return "UPDATE " + fixture.table(table) + " SET " + column + " = " + shifted + " WHERE " + where;
    }
}
