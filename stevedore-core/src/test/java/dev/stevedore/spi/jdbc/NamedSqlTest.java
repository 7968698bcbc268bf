package dev.stevedore.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedSqlTest {
    @Test
    void namesBecomePlaceholdersInOrderAndRepeat() {
        NamedSql sql = NamedSql.parse("SELECT * FROM t WHERE a = :queue AND b = :limit OR c = :queue");
        assertThat(sql.sql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? OR c = ?");
        assertThat(sql.names()).containsExactly("queue", "limit", "queue");
    }

    @Test
    void castsStringsAndCommentsAreLeftAlone() {
        NamedSql sql = NamedSql.parse("SELECT :ids::bigint[], ':not_a_param', \"col:x\" -- :nor_this\nFROM t");
        assertThat(sql.sql()).isEqualTo("SELECT ?::bigint[], ':not_a_param', \"col:x\" -- :nor_this\nFROM t");
        assertThat(sql.names()).containsExactly("ids");
    }

    @Test
    void migrationScriptsSplitOnStatementEndsButKeepFunctionBodies() {
        List<String> statements = Migration.statements("""
                -- a comment
                CREATE TABLE {schema}.jobs (id bigint);
                CREATE FUNCTION {schema}.f() RETURNS int AS $$
                BEGIN
                  RETURN 1;
                END;
                $$ LANGUAGE plpgsql;
                CREATE INDEX i ON {schema}.jobs (id);
                """, "s1");
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).isEqualTo("CREATE TABLE s1.jobs (id bigint)");
        assertThat(statements.get(1)).contains("RETURN 1;").endsWith("LANGUAGE plpgsql");
    }

    @Test
    void schemaNamesAreIdentifiers() {
        assertThat(NamedQueries.checkSchema("stevedore_2")).isEqualTo("stevedore_2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NamedQueries.checkSchema("x; drop table jobs"))
                .hasMessageContaining("schema must be a lower-case identifier");
    }
}
