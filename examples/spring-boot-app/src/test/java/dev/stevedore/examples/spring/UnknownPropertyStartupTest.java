package dev.stevedore.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.postgres.PgTestDatabase;
import dev.stevedore.spring.UnknownStevedorePropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A misspelt stevedore.* key stops the application from starting, naming the key it meant. */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertyStartupTest {
    @Test
    void misspeltQueuesKeyFailsStartupSuggestingStevedoreQueues(CapturedOutput output) throws Exception {
        String schema = PgTestDatabase.freshSchema("shop_jobs_");
        try {
            var application = new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE)
                    .properties("spring.sql.init.mode=never", "stevedore.dashboard.enabled=false",
                            "stevedore.store.schema=" + schema);

            assertThatThrownBy(() -> application.run("--stevedore.queus.x=4"))
                    .rootCause().isInstanceOf(UnknownStevedorePropertyException.class)
                    .hasMessageContaining("stevedore.queus.x")
                    .hasMessageContaining("did you mean stevedore.queues.x?");

            assertThat(output).contains("Stevedore does not know these properties")
                    .contains("did you mean stevedore.queues.x?");
            // The check runs before the store is made: nothing was created in the database.
            assertThat(PgTestDatabase.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")).isZero();
        } finally {
            PgTestDatabase.dropSchema(schema);
        }
    }
}
