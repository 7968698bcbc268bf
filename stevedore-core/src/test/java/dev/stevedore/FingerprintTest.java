package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Nested
    class Messages {
        @Test
        void sqlErrorsWithIdsAndValuesGroupTogether() {
            String a = "ERROR: duplicate key value violates unique constraint \"orders_pkey\" Detail: Key (id)=(4711) already exists.";
            String b = "ERROR: duplicate key value violates unique constraint \"orders_pkey\" Detail: Key (id)=(98) already exists.";
            assertThat(Fingerprint.normalise(a)).isEqualTo(Fingerprint.normalise(b))
                    .isEqualTo("ERROR: duplicate key value violates unique constraint <str> Detail: Key (id)=(<num>) already exists.");
        }

        @Test
        void httpErrorsWithUrlsGroupTogether() {
            assertThat(Fingerprint.normalise("HTTP 503 from https://api.example.com/v1/users/42?expand=all after 3012 ms"))
                    .isEqualTo("HTTP <num> from <url> after <num> ms");
            assertThat(Fingerprint.normalise("GET http://10.0.0.7:8080/health failed"))
                    .isEqualTo("GET <url> failed");
        }

        @Test
        void uuidsHexIdsEmailsAndQuotesArePlaceholders() {
            assertThat(Fingerprint.normalise("order 3f2b8c1e-9d4a-4e6f-b1c2-0a9e8d7c6b5a not found"))
                    .isEqualTo("order <uuid> not found");
            assertThat(Fingerprint.normalise("object 5f1d7a9c3e2b4d60 at 0x7ffe12ab vanished"))
                    .isEqualTo("object <hex> at <hex> vanished");
            assertThat(Fingerprint.normalise("mailbox anna.smith+news@mail.example.org is full"))
                    .isEqualTo("mailbox <email> is full");
            assertThat(Fingerprint.normalise("no such template 'welcome_v2' for user `bob`"))
                    .isEqualTo("no such template <str> for user <str>");
        }

        @Test
        void wordsThatLookLikeHexAreKept() {
            assertThat(Fingerprint.normalise("deadline exceeded: accepted facade decade"))
                    .isEqualTo("deadline exceeded: accepted facade decade");
        }

        @Test
        void decimalsTimesAndBlanksNormalise() {
            assertThat(Fingerprint.normalise("  took 12.5s at 10:42:07,  limit   3  "))
                    .isEqualTo("took <num>s at <num>, limit <num>");
        }

        @Test
        void aMissingMessageIsEmpty() {
            assertThat(Fingerprint.normalise(null)).isEmpty();
            assertThat(Fingerprint.normalise("")).isEmpty();
        }

        @Test
        void differentProblemsStayApart() {
            assertThat(Fingerprint.normalise("connection refused")).isNotEqualTo(Fingerprint.normalise("connection reset"));
        }
    }

    @Nested
    class Frames {
        private static final String NPE = """
                java.lang.NullPointerException
                \tat com.acme.billing.Invoice.total(Invoice.java:41)
                \tat com.acme.billing.SendInvoice.lambda$handle$3(SendInvoice.java:22)
                \tat dev.stevedore.JobRunner.run(JobRunner.java:120)
                \tat java.base/java.lang.Thread.run(Thread.java:1583)
                """;

        @Test
        void keepsApplicationFramesWithoutLineNumbersOrLambdaNumbers() {
            assertThat(Fingerprint.applicationFrames(NPE))
                    .containsExactly("com.acme.billing.Invoice.total", "com.acme.billing.SendInvoice.lambda$handle$N");
        }

        @Test
        void skipsJdkDriversPoolsAndTheRuntime() {
            String stack = """
                    org.postgresql.util.PSQLException: ERROR: deadlock detected
                    \tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)
                    \tat com.zaxxer.hikari.pool.ProxyPreparedStatement.executeUpdate(ProxyPreparedStatement.java:61)
                    \tat jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
                    \tat sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:1)
                    \tat javax.sql.Foo.bar(Foo.java:1)
                    \tat com.acme.ledger.Ledger.post(Ledger.java:88)
                    \tat com.acme.ledger.Ledger.postAll(Ledger.java:70)
                    \tat com.acme.jobs.Settle.handle(Settle.java:12)
                    \tat com.acme.jobs.Outer.handle(Outer.java:5)
                    \tat dev.stevedore.JobRunner.run(JobRunner.java:120)
                    """;
            assertThat(Fingerprint.applicationFrames(stack))
                    .containsExactly("com.acme.ledger.Ledger.post", "com.acme.ledger.Ledger.postAll", "com.acme.jobs.Settle.handle");
        }

        @Test
        void nestedCausesLendTheirApplicationFramesWhenTheWrapperHasNone() {
            String stack = """
                    java.util.concurrent.CompletionException: java.io.UncheckedIOException: boom
                    \tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:315)
                    \tat dev.stevedore.Execution.run(Execution.java:50)
                    Caused by: java.io.UncheckedIOException: boom
                    \tat com.acme.storage.Bucket.upload(Bucket.java:31)
                    \t... 4 more
                    """;
            assertThat(Fingerprint.applicationFrames(stack)).containsExactly("com.acme.storage.Bucket.upload");
        }

        @Test
        void theRuntimesPackagesAreSkippedButOtherStevedorePackagesAreApplicationCode() {
            String stack = """
                    java.lang.IllegalStateException: declined
                    \tat dev.stevedore.Subprocess.run(Subprocess.java:90)
                    \tat dev.stevedore.sqlite.SqliteStore.jobGet(SqliteStore.java:200)
                    \tat dev.stevedore.examples.ChargeCards.charge(ChargeCards.java:40)
                    \tat dev.stevedore.JobRunner.run(JobRunner.java:120)
                    """;
            assertThat(Fingerprint.applicationFrames(stack)).containsExactly("dev.stevedore.examples.ChargeCards.charge");
        }

        @Test
        void anEmptyStackHasNoFrames() {
            assertThat(Fingerprint.applicationFrames("")).isEmpty();
            assertThat(Fingerprint.applicationFrames(null)).isEmpty();
        }
    }

    @Nested
    class Fingerprints {
        private static final String STACK_V1 = "java.lang.IllegalStateException: x\n\tat com.acme.A.run(A.java:10)\n";
        private static final String STACK_V2 = "java.lang.IllegalStateException: x\n\tat com.acme.A.run(A.java:57)\n";

        @Test
        void aRedeployThatMovesLinesKeepsTheFingerprint() {
            assertThat(Fingerprint.of("k", "java.lang.IllegalStateException", "order 17 stuck", STACK_V1))
                    .isEqualTo(Fingerprint.of("k", "java.lang.IllegalStateException", "order 942 stuck", STACK_V2))
                    .hasSize(16).matches("[0-9a-f]{16}");
        }

        @Test
        void kindExceptionTypeMessageAndPlaceEachSeparate() {
            String base = Fingerprint.of("k", "java.lang.IllegalStateException", "stuck", STACK_V1);
            assertThat(Fingerprint.of("other", "java.lang.IllegalStateException", "stuck", STACK_V1)).isNotEqualTo(base);
            assertThat(Fingerprint.of("k", "java.lang.IllegalArgumentException", "stuck", STACK_V1)).isNotEqualTo(base);
            assertThat(Fingerprint.of("k", "java.lang.IllegalStateException", "lost", STACK_V1)).isNotEqualTo(base);
            assertThat(Fingerprint.of("k", "java.lang.IllegalStateException", "stuck",
                    "java.lang.IllegalStateException\n\tat com.acme.B.run(B.java:10)\n")).isNotEqualTo(base);
        }

        @Test
        void aNullPointerWithoutMessageHasAStableFingerprint() {
            assertThat(Fingerprint.of("k", "java.lang.NullPointerException", "", "java.lang.NullPointerException\n\tat com.acme.A.run(A.java:1)"))
                    .isEqualTo(Fingerprint.of("k", "java.lang.NullPointerException", "", "java.lang.NullPointerException\n\tat com.acme.A.run(A.java:99)"));
        }
    }
}
