package dev.stevedore.sqlite;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A separate program for {@link TwoProcessTest}, as a CLI {@code enqueue} would be: opens the file
 * with its own store (migrating concurrently with the parent) and inserts {@code batches} batches of
 * {@code size} jobs.
 */
public final class EnqueueProcess {
    private EnqueueProcess() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int batches = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        try (SqliteStore store = SqliteStore.file(file)) {
            for (int b = 0; b < batches; b++) {
                store.jobInsertMany(IntStream.range(0, size).mapToObj(i -> Jobs.available("q")).toList());
            }
        }
        System.out.println("inserted " + List.of(batches, size));
    }
}
