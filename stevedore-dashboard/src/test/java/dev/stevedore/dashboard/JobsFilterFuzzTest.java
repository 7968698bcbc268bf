package dev.stevedore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stevedore.spi.JobFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the parser of the jobs filter ({@code /jobs?state=…&queue=…}), the dashboard's widest door:
 * any parameters either become a {@link JobFilter} or a {@link Refusal} 400 with a printable message,
 * never another exception (which would be a 500); what it accepts, written back as the page's links
 * write it, parses to the same filter; and a queue or kind it accepts holds nothing but the library's
 * name characters, so SQL punctuation reaches the store only inside free text, as a bound value.
 */
class JobsFilterFuzzTest {
    private static final List<String> NAMES = new ArrayList<>(Arrays.asList(JobsPage.PARAMETERS));

    @Property(tries = 3000)
    void anyParametersBecomeAFilterOrA400WithAPlainMessage(@ForAll("parameters") Map<String, List<String>> parameters) {
        Throwable thrown = catchThrowable(() -> JobsPage.parse(Params.of(parameters, JobsPage.PARAMETERS)));
        if (thrown != null) {
            assertThat(thrown).as("%s", parameters).isInstanceOf(Refusal.class);
            Refusal refusal = (Refusal) thrown;
            assertThat(refusal.status()).isEqualTo(400);
            assertThat(refusal.getMessage()).isNotBlank().doesNotContainPattern("\\p{Cntrl}");
        }
    }

    @Property(tries = 3000)
    void whatItAcceptsRoundTripsThroughItsOwnLinks(@ForAll("parameters") Map<String, List<String>> parameters) {
        // Checked once the tries are done: a generator drifting to "all refused" would make this vacuous.
        Statistics.coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p >= 10);
            coverage.check("refused").percentage(p -> p >= 10);
        });
        JobsPage.Query query;
        try {
            query = JobsPage.parse(Params.of(parameters, JobsPage.PARAMETERS));
        } catch (Refusal refused) {
            Statistics.collect("refused");
            return;
        }
        Statistics.collect("accepted");
        Map<String, List<String>> link = new LinkedHashMap<>();
        query.link().forEach((name, value) -> link.put(name, List.of(value)));
        JobsPage.Query again = JobsPage.parse(Params.of(link, JobsPage.PARAMETERS));
        JobFilter f = query.filter();
        // Links carry the filter; the page cursor (before/after/cursor) is added to each link separately.
        assertThat(again.filter()).isEqualTo(new JobFilter(f.states(), f.queue(), f.kind(), f.tag(), f.createdFrom(),
                f.createdTo(), f.argsContains(), f.order(), null, null, f.limit(), f.jobs()));
        assertThat(again.link()).isEqualTo(query.link());
    }

    @Property(tries = 3000)
    void anAcceptedQueueOrKindHoldsOnlyNameCharacters(@ForAll("parameters") Map<String, List<String>> parameters) {
        JobFilter filter;
        try {
            filter = JobsPage.parse(Params.of(parameters, JobsPage.PARAMETERS)).filter();
        } catch (Refusal refused) {
            return;
        }
        for (String name : new String[] {filter.queue(), filter.kind()}) {
            if (name != null) {
                assertThat(name).matches("[A-Za-z0-9._-]{1,128}");
            }
        }
        if (filter.argsContains() != null) {
            assertThat(filter.argsContains()).hasSizeBetween(1, JobFilter.MAX_SEARCH_CHARS).doesNotContainPattern("\\p{Cntrl}");
        }
    }

    @Provide
    Arbitrary<Map<String, List<String>>> parameters() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(NAMES), Arbitraries.of(NAMES), Arbitraries.of(NAMES),
                Arbitraries.strings().all().ofMaxLength(8));
        return Arbitraries.maps(name, value().list().ofMinSize(1).ofMaxSize(3).injectDuplicates(0.1)).ofMaxSize(6);
    }

    /** Values that look right, values that are nearly right, SQL and markup, control characters, any text. */
    private static Arbitrary<String> value() {
        Arbitrary<String> plausible = Arbitraries.of("available", "held,completed", "scheduled,", ",", "mail", "dash.signup",
                "newest", "oldest", "next", "finished", "scheduled", "completed,cancelled", "2026-12-07T10:00:00.5Z/7",
                "2026-12-07T10:00:00Z/0", "/7", "1", "50", "500", "501", "0", "-1", "2026-12-07T10:00", "2026-12-07T10:00:00Z",
                "2026-12-07T10:00:00+02:00", "2026-02-30T10:00", "9999999999", "999999999999999999", "", "signup");
        Arbitrary<String> sql = Arbitraries.of("' OR 1=1--", "mail'; DROP TABLE jobs; --", "%", "_", "%_%", "\\", "\\%",
                "\"", "`", ";", "/*", "*/", "$1", ":name", "?", "' UNION SELECT password FROM users --", "%27", "%00",
                "<script>alert(1)</script>", "&amp;", "\u202E", "\uD83D\uDE00", "é", "\uFFFF");
        Arbitrary<String> control = Arbitraries.strings().withCharRange('\0', '\u001f').ofMinLength(1).ofMaxLength(3);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> long_ = Arbitraries.integers().between(100, 1200).map("x"::repeat);
        Arbitrary<String> stitched = Arbitraries.oneOf(plausible, sql, control).list().ofMaxSize(3)
                .map(parts -> String.join("", parts));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, plausible), net.jqwik.api.Tuple.of(3, sql), net.jqwik.api.Tuple.of(1, control),
                net.jqwik.api.Tuple.of(2, any), net.jqwik.api.Tuple.of(1, long_), net.jqwik.api.Tuple.of(3, stitched));
    }
}
