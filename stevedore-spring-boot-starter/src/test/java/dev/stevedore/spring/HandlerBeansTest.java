package dev.stevedore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.Enqueued;
import dev.stevedore.Job;
import dev.stevedore.JobContext;
import dev.stevedore.JobHandler;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spring.SqliteContext.Note;
import dev.stevedore.spring.SqliteContext.Ping;
import dev.stevedore.spring.SqliteContext.Pong;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Handlers found among the beans run their jobs: a handler class, a {@code @Bean} lambda, an annotated method. */
class HandlerBeansTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir Path dir;

    @Test
    void handlerClassLambdaBeanAndAnnotatedMethodEachRunTheirKind() {
        SqliteContext.on(dir.resolve("jobs.db")).withUserConfiguration(Handlers.class)
                .withPropertyValues("stevedore.queues.default.concurrency=2", "stevedore.queues.pings.concurrency=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Stevedore stevedore = context.getBean(Stevedore.class);
                    Seen seen = context.getBean(Seen.class);

                    Enqueued ping = stevedore.enqueue(new Ping("hello"));
                    Enqueued pong = stevedore.enqueue(new Pong(7));
                    Enqueued note = stevedore.enqueue(new Note("hi"));

                    Job pinged = completed(stevedore, ping);
                    completed(stevedore, pong);
                    Job noted = completed(stevedore, note);
                    assertThat(seen.events()).containsExactlyInAnyOrder("ping hello", "pong 7", "note hi");
                    assertThat(pinged.queue()).isEqualTo("pings"); // from @StevedoreJob on the handler class
                    assertThat(pinged.maxAttempts()).isEqualTo(3);
                    assertThat(noted.output()).isEqualTo("\"noted hi\""); // the method's return value
                });
    }

    @Test
    void methodWithoutARecordParameterFailsStartupSayingWhatItMustTake() {
        SqliteContext.on(dir.resolve("jobs.db")).withUserConfiguration(BadMethod.class).run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining(
                        "@StevedoreJob method BadMethodBean.handle(String) must take one job-argument record"));
    }

    @Test
    void handlerBeanWithoutItsRecordTypeFailsStartupSayingHowToDeclareIt() {
        SqliteContext.on(dir.resolve("jobs.db")).withUserConfiguration(Untyped.class).run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining(
                        "cannot tell which job the JobHandler bean 'untyped' handles"));
    }

    @Test
    void twoHandlersOfOneKindFailStartupNamingTheSecond() {
        SqliteContext.on(dir.resolve("jobs.db")).withUserConfiguration(Handlers.class, SecondPongHandler.class).run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("a handler for kind \"test.pong\" is already registered"));
    }

    private static Job completed(Stevedore stevedore, Enqueued enqueued) {
        await().atMost(PATIENCE).until(() -> stevedore.job(enqueued.id()).map(Job::state).orElseThrow() == JobState.COMPLETED);
        return stevedore.job(enqueued.id()).orElseThrow();
    }

    /** What the handlers did, in order. */
    record Seen(List<String> events) {
        Seen() {
            this(new CopyOnWriteArrayList<>());
        }
    }

    @StevedoreJob(queue = "pings", maxAttempts = 3)
    static class PingHandler implements JobHandler<Ping> {
        private final Seen seen;

        PingHandler(Seen seen) {
            this.seen = seen;
        }

        @Override
        public void handle(JobContext ctx, Ping ping) {
            seen.events().add("ping " + ping.text());
        }
    }

    /** Takes the node it is a handler of, as a service enqueueing follow-ups would: no cycle. */
    static class Notes {
        private final Seen seen;

        Notes(Seen seen, Stevedore stevedore) {
            this.seen = seen;
        }

        @StevedoreJob
        String write(JobContext ctx, Note note) {
            seen.events().add("note " + note.text());
            return "noted " + note.text();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        Seen seen() {
            return new Seen();
        }

        @Bean
        PingHandler pingHandler(Seen seen) {
            return new PingHandler(seen);
        }

        @Bean
        JobHandler<Pong> pongHandler(Seen seen) {
            return (ctx, pong) -> seen.events().add("pong " + pong.number());
        }

        @Bean
        Notes notes(Seen seen, Stevedore stevedore) {
            return new Notes(seen, stevedore);
        }
    }

    static class BadMethodBean {
        @StevedoreJob
        void handle(String text) {}
    }

    @Configuration(proxyBeanMethods = false)
    static class BadMethod {
        @Bean
        BadMethodBean badMethodBean() {
            return new BadMethodBean();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Untyped {
        @Bean
        JobHandler<?> untyped() {
            return (ctx, args) -> {};
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SecondPongHandler {
        @Bean
        JobHandler<Pong> secondPongHandler() {
            return (ctx, pong) -> {};
        }
    }
}
