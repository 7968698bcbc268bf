package dev.stevedore.spring;

import dev.stevedore.JobKind;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Application contexts of the starter alone on an SQLite file, and the job records the tests use. */
final class SqliteContext {
    private SqliteContext() {}

    /** The auto-configuration on {@code file}, polling briskly so that tests do not wait on the poll interval. */
    static ApplicationContextRunner on(Path file) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(StevedoreAutoConfiguration.class))
                .withPropertyValues("stevedore.store.type=sqlite", "stevedore.store.file=" + file, "stevedore.poll-interval=50ms");
    }

    @JobKind("test.ping")
    record Ping(String text) {}

    @JobKind("test.pong")
    record Pong(int number) {}

    @JobKind("test.note")
    record Note(String text) {}
}
