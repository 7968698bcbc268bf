package dev.stevedore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Stevedore;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random raw query strings sent over a socket to {@code /jobs} of a dashboard on each store (SQLite
 * file, PostgreSQL schema): percent-escapes of any byte, broken escapes, separators and SQL in any
 * order. Every answer is a 200 or a 4xx, never a 5xx, and none shows a stack trace; the server
 * keeps answering.
 */
class JobsQueryHttpFuzzTest {
    private static final List<TestStores.Opened> STORES = new ArrayList<>();
    private static final List<Stevedore> NODES = new ArrayList<>();
    private static final List<Dashboard> DASHBOARDS = new ArrayList<>();

    @BeforeContainer
    static void start() {
        for (TestStores.Opened opened : List.of(TestStores.sqlite(), TestStores.postgres())) {
            STORES.add(opened);
            Stevedore node = Stevedore.builder().store(opened.store()).build();
            NODES.add(node);
            DASHBOARDS.add(Dashboard.start(node, opened.store(), DashboardOptions.defaults().port(0)));
        }
    }

    @AfterContainer
    static void stop() {
        DASHBOARDS.forEach(Dashboard::close);
        NODES.forEach(Stevedore::close);
        STORES.forEach(s -> s.cleanup().run());
    }

    @Property(tries = 300)
    void anyQueryStringIsA200OrA4xxWithoutATrace(@ForAll("queryStrings") String query) {
        // Both answers must be exercised, or the property says little about either.
        Statistics.coverage(coverage -> {
            coverage.check(200).percentage(p -> p >= 5);
            coverage.check(400).percentage(p -> p >= 20);
        });
        for (Dashboard dashboard : DASHBOARDS) {
            Http.RawResponse response = Http.anonymous(dashboard).raw("/jobs?" + query);
            Statistics.collect(response.status());
            assertThat(response.status()).as(query + " -> " + response.body()).isIn(200, 400, 404, 414);
            assertThat(response.body()).as(query).doesNotContain("\tat ").doesNotContain("at dev.stevedore.")
                    .doesNotContain("at org.eclipse.jetty.");
        }
    }

    @Provide
    Arbitrary<String> queryStrings() {
        Arbitrary<String> escapedByte = Arbitraries.bytes().map(b -> "%" + HexFormat.of().withUpperCase().toHexDigits(b));
        Arbitrary<String> pieces = Arbitraries.of("state", "queue", "kind", "tag", "q", "from", "to", "sort", "limit", "before",
                "after", "cursor", "next", "finished", "2026-12-07T10:00:00Z/5", "=", "&", "&&", "==", "%", "%z", "%2", "%%", "+", ";", "'", "%27", "--", "%00", "%0A", "%E2%80%AE",
                "%C3", "%FF%FE", "held", "mail", "2026-12-07T10:00", "500", "-1", "99999999999999999999", "OR 1=1", "%25", "_");
        return Arbitraries.oneOf(escapedByte, pieces, pieces, Arbitraries.strings().alpha().numeric().ofMaxLength(6))
                .list().ofMaxSize(25).map(parts -> String.join("", parts));
    }
}
