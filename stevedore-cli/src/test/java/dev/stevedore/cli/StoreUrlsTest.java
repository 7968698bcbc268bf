package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreUrlsTest {

    @Nested
    class Sqlite {
        @Test
        void sqlitePrefixNamesAFile() {
            assertThat(StoreUrls.parse("sqlite:jobs.db")).isEqualTo(new StoreUrl.Sqlite(Path.of("jobs.db")));
            assertThat(StoreUrls.parse("sqlite:/var/lib/app/jobs")).isEqualTo(new StoreUrl.Sqlite(Path.of("/var/lib/app/jobs")));
        }

        @Test
        void uriSpellingWithThreeSlashesIsAnAbsolutePath() {
            assertThat(StoreUrls.parse("sqlite:///tmp/x.db")).isEqualTo(new StoreUrl.Sqlite(Path.of("/tmp/x.db")));
        }

        @Test
        void jdbcSqliteIsAccepted() {
            assertThat(StoreUrls.parse("jdbc:sqlite:data/jobs.db")).isEqualTo(new StoreUrl.Sqlite(Path.of("data/jobs.db")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"jobs.db", "./data/jobs.sqlite", "/tmp/a.sqlite3", "  spaced.db  "})
        void barePathsWithADatabaseExtensionAreSqlite(String url) {
            assertThat(StoreUrls.parse(url)).isEqualTo(new StoreUrl.Sqlite(Path.of(url.strip())));
        }

        @Test
        void emptyOrMemoryIsRefused() {
            assertThatThrownBy(() -> StoreUrls.parse("sqlite:")).hasMessageContaining("names no file");
            assertThatThrownBy(() -> StoreUrls.parse("sqlite::memory:")).hasMessageContaining("plain file");
            assertThatThrownBy(() -> StoreUrls.parse("sqlite:x.db?mode=ro")).hasMessageContaining("plain file");
        }
    }

    @Nested
    class Postgres {
        @Test
        void libpqUrlBecomesJdbcWithDefaultSchema() {
            assertThat(StoreUrls.parse("postgresql://db.internal:5432/app?user=app"))
                    .isEqualTo(new StoreUrl.Postgres("jdbc:postgresql://db.internal:5432/app?user=app", "stevedore"));
        }

        @Test
        void schemaParameterIsTakenOutAndTheRestPassedThrough() {
            assertThat(StoreUrls.parse("postgresql://127.0.0.1:5432/test?user=postgres&schema=jobs&prepareThreshold=0"))
                    .isEqualTo(new StoreUrl.Postgres("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&prepareThreshold=0", "jobs"));
        }

        @Test
        void postgresSchemeAndUserInfoAreUnderstood() {
            StoreUrl url = StoreUrls.parse("postgres://app:s%40cret@db/app?schema=q");
            assertThat(url).isEqualTo(new StoreUrl.Postgres("jdbc:postgresql://db/app?user=app&password=s%40cret", "q"));
            assertThat(url.display()).doesNotContain("cret").contains("password=***");
            assertThat(url.toString()).doesNotContain("cret");
        }

        @Test
        void hostWithoutDatabaseGetsASlash() {
            assertThat(StoreUrls.parse("postgresql://localhost?user=me"))
                    .isEqualTo(new StoreUrl.Postgres("jdbc:postgresql://localhost/?user=me", "stevedore"));
        }

        @Test
        void jdbcUrlPassesThroughWithoutSchema() {
            assertThat(StoreUrls.parse("jdbc:postgresql://h:6432/app?user=u&schema=s2&ssl=true"))
                    .isEqualTo(new StoreUrl.Postgres("jdbc:postgresql://h:6432/app?user=u&ssl=true", "s2"));
            assertThat(StoreUrls.parse("jdbc:postgresql://h/app"))
                    .isEqualTo(new StoreUrl.Postgres("jdbc:postgresql://h/app", "stevedore"));
        }

        @Test
        void badSchemaIsRefusedWithTheRule() {
            assertThatThrownBy(() -> StoreUrls.parse("postgresql://h/app?schema=Bad-Name"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bad schema").hasMessageContaining("Bad-Name");
            assertThatThrownBy(() -> StoreUrls.parse("postgresql://h/app?schema=a&schema=b"))
                    .hasMessageContaining("schema twice");
        }

        @Test
        void missingHostIsRefused() {
            assertThatThrownBy(() -> StoreUrls.parse("postgresql:///app")).hasMessageContaining("names no host");
            assertThatThrownBy(() -> StoreUrls.parse("jdbc:postgresql://")).hasMessageContaining("names no host");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://h/db", "jobs.txt", "http://example.com/x.db", "redis://h", "postgresql:app"})
    void anythingElseIsRefusedListingTheAcceptedForms(String url) {
        assertThatThrownBy(() -> StoreUrls.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported database URL")
                .hasMessageContaining("sqlite:PATH")
                .hasMessageContaining("postgresql://");
    }

    @Test
    void emptyIsRefused() {
        assertThatThrownBy(() -> StoreUrls.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void redactHidesPasswordsInBothPlaces() {
        assertThat(StoreUrls.redact("jdbc:postgresql://h/db?user=u&password=p4ss&x=1"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&x=1");
        assertThat(StoreUrls.redact("postgresql://u:p4ss@h/db")).isEqualTo("postgresql://u:***@h/db");
    }
}
