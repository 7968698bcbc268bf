package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.spi.jdbc.NamedQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SQL reaches the database only as statements from {@code .sql} resources with values bound as
 * parameters: a source scan of every module's main code (not tests, which build hostile rows on
 * purpose). It finds SQL written in Java string literals, JDBC calls whose SQL is not a named query,
 * and text spliced into SQL; the few legitimate identifier substitutions are allow-listed below, each
 * with the reason it is safe. An allow-list entry that no longer matches anything fails too.
 */
class SqlOnlyThroughBoundParametersTest {
    /** Statement shapes: a literal holding one is SQL written in Java. */
    private static final Pattern SQL_STATEMENT = Pattern.compile("(?i)\\bINSERT\\s+INTO\\s|\\bDELETE\\s+FROM\\s"
            + "|\\bUPDATE\\s+[\\w.{}]+\\s+SET\\s|\\bSELECT\\s.*\\sFROM\\s+[\\w.{}]+|\\b(CREATE|DROP|ALTER|TRUNCATE)\\s+"
            + "(TABLE|SCHEMA|INDEX|FUNCTION|TRIGGER|VIEW|SEQUENCE)\\b|^\\s*(LISTEN|NOTIFY|PRAGMA)\\s|\\bWHERE\\s+\\w+\\s*(=|<|>|IN\\b|LIKE\\b)");
    /** String literals and text blocks (the text between the quotes). */
    private static final Pattern LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    /** Calls that hand SQL text to JDBC (or PostgreSQL's COPY API). */
    private static final Pattern JDBC_CALL = Pattern.compile(
            "\\.(prepareStatement|prepareCall|executeQuery|executeUpdate|executeLargeUpdate|execute|addBatch|copyIn|nativeSQL)\\(");
    /** SQL text that is a named query from a {@code .sql} resource: {@code queries.get("job_claim").sql()}, {@code insert.sql()}. */
    private static final Pattern NAMED_QUERY = Pattern.compile("[\\w.]*?(\\.get\\((\"\\w+\"|\\w+)\\))?\\.sql\\(\\)");
    /** A store's own helper given a query's name: {@code db.execute(c, "cron_record", params(…))}. */
    private static final Pattern QUERY_BY_NAME = Pattern.compile("\\w+,\"\\w+\"(,.*)?");
    /**
     * Modules whose main code is not Stevedore talking to its database: the conformance suite is test
     * code (it writes hostile rows with raw SQL on purpose) and the examples create the application's
     * own tables.
     */
    private static final Set<String> NOT_SCANNED = Set.of("stevedore-store-tck", "stevedore-examples");
    private static final Pattern PLACEHOLDER_REPLACE = Pattern.compile("\\.replace\\(\"\\{(\\w+)}\"");
    private static final Pattern SQL_PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    /**
     * JDBC calls given something other than a named query, as "file: argument", and why each is safe.
     * Calls that are not JDBC at all (an executor's, picocli's) are here too, so the scan stays simple.
     */
    private static final Map<String, String> ALLOWED_CALLS = Map.of(
            "NamedSql.java: jdbcSql", "the parsed named statement itself: text from a .sql resource, every value bound by name",
            "postgres/Migrator.java: sql", "a migration script from the jar; its only substitution is the validated schema",
            "sqlite/Migrator.java: sql", "a migration script from the jar; SQLite has no schema substitution",
            "PgNotifier.java: listenSql", "the named query 'listen' from queries.sql (PostgresStore passes it in)",
            "postgres/JobInserter.java: sql", "job_copy from queries.sql with {columns}: names of the CopyRows.Column constants",
            "bench/BenchTarget.java: drop", "the named query 'drop_schema' from pg_stats.sql, for a schema checked by checkSchema",
            "postgres/TableUpkeep.java: vacuum", "VACUUM takes no parameters: the store's checked schema and a table name"
                    + " read from pg_stat_user_tables and matched against [a-z_][a-z0-9_]{0,62} before use",
            "LiveUpdates.java: this::countsTick", "an executor's execute, not JDBC",
            "cli/Main.java: args", "picocli's CommandLine.execute, not JDBC");

    /** Text substituted into SQL, as "file: placeholder", and why it is safe. */
    private static final Map<String, String> ALLOWED_SUBSTITUTIONS = Map.of(
            "NamedQueries.java: schema", "checked by NamedQueries.checkSchema: [a-z_][a-z0-9_]{0,62}, no quote or space",
            "Migration.java: schema", "the same checked schema name, in migration scripts",
            "postgres/JobInserter.java: columns", "CopyRows.columnList: a join of the Column enum's constant SQL names");

    private static final List<Path> MAIN_JAVA = new ArrayList<>();
    private static final List<Path> SQL_RESOURCES = new ArrayList<>();

    @BeforeAll
    static void findSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("stevedore-")
                    && !NOT_SCANNED.contains(m.getFileName().toString())).toList()) {
                collect(module.resolve("src/main/java"), ".java", MAIN_JAVA);
                collect(module.resolve("src/main/resources"), ".sql", SQL_RESOURCES);
            }
        }
        // The scan must see the code it guards, or it passes by reading nothing.
        assertThat(MAIN_JAVA).extracting(SqlOnlyThroughBoundParametersTest::name)
                .contains("postgres/PostgresStore.java", "sqlite/SqliteStore.java", "dashboard/JobsPage.java", "cli/JobsCommand.java",
                        "bench/BenchTarget.java", "jdbc/NamedSql.java");
        assertThat(SQL_RESOURCES).extracting(SqlOnlyThroughBoundParametersTest::name)
                .contains("postgres/queries.sql", "sqlite/queries.sql");
    }

    @Test
    void noSqlIsWrittenInJavaStringLiterals() {
        List<String> found = new ArrayList<>();
        for (Path file : MAIN_JAVA) {
            Matcher literal = LITERAL.matcher(withoutComments(read(file)));
            while (literal.find()) {
                String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
                if (SQL_STATEMENT.matcher(text).find()) {
                    found.add(name(file) + ": \"" + text.strip() + "\"");
                }
            }
        }
        assertThat(found).as("SQL belongs in the store's .sql resources, values bound by name").isEmpty();
    }

    @Test
    void jdbcIsHandedOnlyNamedQueries() {
        List<String> found = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Path file : MAIN_JAVA) {
            String source = withoutComments(read(file));
            Matcher call = JDBC_CALL.matcher(source);
            while (call.find()) {
                String argument = argumentAt(source, call.end()).replaceAll("\\s+", "");
                String key = allowKey(file, argument, ALLOWED_CALLS.keySet());
                if (argument.isEmpty() || NAMED_QUERY.matcher(argument).matches() || QUERY_BY_NAME.matcher(argument).matches()) {
                    continue;
                }
                if (key != null) {
                    used.add(key);
                } else {
                    found.add(name(file) + ": " + call.group(1) + "(" + argument + ")");
                }
            }
        }
        assertThat(found).as("JDBC given SQL that is not a named query").isEmpty();
        assertThat(used).as("allow-list entries still in use").containsExactlyInAnyOrderElementsOf(ALLOWED_CALLS.keySet());
    }

    @Test
    void onlyAllowListedIdentifiersAreSplicedIntoSql() {
        List<String> found = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Path file : MAIN_JAVA) {
            Matcher replace = PLACEHOLDER_REPLACE.matcher(withoutComments(read(file)));
            while (replace.find()) {
                String key = allowKey(file, replace.group(1), ALLOWED_SUBSTITUTIONS.keySet());
                if (key != null) {
                    used.add(key);
                } else {
                    found.add(name(file) + ": {" + replace.group(1) + "}");
                }
            }
        }
        assertThat(found).as("text spliced into SQL").isEmpty();
        assertThat(used).as("allow-list entries still in use").containsExactlyInAnyOrderElementsOf(ALLOWED_SUBSTITUTIONS.keySet());
        Set<String> placeholders = new TreeSet<>();
        for (Path file : SQL_RESOURCES) {
            Matcher placeholder = SQL_PLACEHOLDER.matcher(read(file).replaceAll("--[^\\n]*", ""));
            while (placeholder.find()) {
                placeholders.add(placeholder.group(1));
            }
        }
        assertThat(placeholders).as("placeholders in the .sql resources").containsExactlyInAnyOrder("schema", "columns");
    }

    @Test
    void theSchemaNameCannotCarrySql() {
        for (String hostile : List.of("jobs; DROP TABLE jobs", "a\"b", "a'b", "public--", "Upper", "x y", "", "a".repeat(64))) {
            assertThatThrownBy(() -> NamedQueries.checkSchema(hostile)).as(hostile).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("schema must be a lower-case identifier");
        }
        assertThat(NamedQueries.checkSchema("stevedore_2")).isEqualTo("stevedore_2");
    }

    /** The allow-list key this file and text match (keys are "path suffix: text"), or null. */
    private static String allowKey(Path file, String text, Set<String> keys) {
        for (String key : keys) {
            int colon = key.indexOf(": ");
            if (name(file).endsWith(key.substring(0, colon)) && key.substring(colon + 2).equals(text)) {
                return key;
            }
        }
        return null;
    }

    /** The text of the call's argument list starting at {@code from} (just past its '('), up to the matching ')'. */
    private static String argumentAt(String source, int from) {
        int depth = 1;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"') {
                i = source.indexOf('"', i + 1); // a literal's parentheses do not count (escaped quotes are rare here)
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return source.substring(from, i);
            }
        }
        throw new IllegalStateException("unbalanced call at " + from);
    }

    /**
     * The source without comments (Javadoc quotes SQL by way of explanation) and with character
     * literals blanked (a {@code '"'} would otherwise open a string).
     */
    private static String withoutComments(String source) {
        return source.replaceAll("'(?:[^'\\\\\\n]|\\\\[^'\\n]{1,5})'", "' '").replaceAll("(?s)/\\*.*?\\*/", "")
                .replaceAll("(?m)^\\s*//.*$", "");
    }

    /** "module-package-dir/File.java", e.g. "postgres/Migrator.java", for messages and the allow-lists. */
    private static String name(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }

    private static void collect(Path dir, String suffix, List<Path> into) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(suffix)).forEach(into::add);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
