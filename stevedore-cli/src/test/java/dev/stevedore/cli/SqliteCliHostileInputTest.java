package dev.stevedore.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The operator commands' hostile input against a SQLite file. */
class SqliteCliHostileInputTest extends CliHostileInputContract {
    private final Path dir;

    SqliteCliHostileInputTest() throws IOException {
        dir = Files.createTempDirectory("stevedore-cli-hostile-");
    }

    @Override
    String database() {
        return dir.resolve("jobs.db").toString();
    }

    @Override
    void dropDatabase() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
