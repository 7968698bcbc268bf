package dev.stevedore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stevedore.JobOptions;
import dev.stevedore.JobState;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stevedore enqueue}: inserts one job by kind and JSON arguments. There is no record class on
 * this side, so the job goes straight to the store, checked by the same rules the library applies.
 */
@Command(name = "enqueue", mixinStandardHelpOptions = true,
        description = "Enqueues one job by kind and JSON arguments and prints its id.",
        footer = {"", "Example:",
                "  stevedore enqueue --database jobs.db --kind email.send --args '{\"userId\":42,\"template\":\"welcome\"}' \\",
                "      --queue mail --delay 30s --start-within 5m"})
final class EnqueueCommand implements Callable<Integer> {
    /** Same rules as the library's queue names. */
    static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** Same rules as the library's {@code @JobKind} values. */
    static final Pattern KIND = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    /** The library's default limit on the arguments' size (maxArgsBytes). */
    static final int MAX_ARGS_BYTES = 1 << 20;
    static final int MAX_ATTEMPTS = 1000;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Option(names = {"-k", "--kind"}, required = true, paramLabel = "KIND",
            description = "The job kind, as in the handler's @JobKind (1-128 letters, digits, '.', '_', '-').")
    String kind;

    @Option(names = {"-a", "--args"}, required = true, paramLabel = "JSON",
            description = "The arguments: a JSON object matching the kind's record.")
    String args;

    @Option(names = {"-q", "--queue"}, paramLabel = "QUEUE", defaultValue = StevedoreBuilder.DEFAULT_QUEUE,
            description = "The queue (1-64 letters, digits, '.', '_', '-'). Default: ${DEFAULT-VALUE}.")
    String queue;

    @Option(names = {"-p", "--priority"}, paramLabel = "N", defaultValue = "0",
            description = "Higher runs first, " + JobOptions.MIN_PRIORITY + ".." + JobOptions.MAX_PRIORITY + ". Default: ${DEFAULT-VALUE}.")
    int priority;

    @Option(names = "--delay", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Run no earlier than this from now: 500ms, 30s, 5m, 2h, 1d. Default: now.")
    @Nullable Duration delay;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "" + StevedoreBuilder.DEFAULT_MAX_ATTEMPTS,
            description = "Attempts before a failing job is discarded, 1.." + MAX_ATTEMPTS + ". Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "How long one attempt may run. Default: the worker's default for the kind.")
    @Nullable Duration timeout;

    @Option(names = "--start-within", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Discard the job unrun if it has not started this long after it is due. Default: none.")
    @Nullable Duration startWithin;

    @Option(names = "--deadline", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "The whole job, retries included, must be done this long from now. Default: none.")
    @Nullable Duration deadline;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Longest an attempt may go without a heartbeat. Default: the worker's for the kind.")
    @Nullable Duration heartbeatTimeout;

    @Option(names = "--tag", paramLabel = "TAG", description = "A label (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Context such as the tenant (repeatable).")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Override
    public Integer call() {
        NewJob job = newJob();
        StoreUrl url = database.url();
        try (Store store = url.open()) {
            if (store.migrationStatus().pending()) {
                throw new UsageException(url.display() + " is not migrated: run 'stevedore migrate up' first");
            }
            long id = store.jobInsertMany(List.of(job)).get(0);
            spec.commandLine().getOut().println(id);
        }
        return 0;
    }

    /** The row to insert, or a usage error naming the bad value. */
    NewJob newJob() {
        if (!KIND.matcher(kind).matches()) {
            throw new UsageException("--kind must be 1-128 letters, digits, '.', '_' or '-', was \"" + kind + "\"");
        }
        if (!QUEUE.matcher(queue).matches()) {
            throw new UsageException("--queue must be 1-64 letters, digits, '.', '_' or '-', was \"" + queue + "\"");
        }
        if (priority < JobOptions.MIN_PRIORITY || priority > JobOptions.MAX_PRIORITY) {
            throw new UsageException("--priority must be in [" + JobOptions.MIN_PRIORITY + ", " + JobOptions.MAX_PRIORITY
                    + "], was " + priority);
        }
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new UsageException("--max-attempts must be in [1, " + MAX_ATTEMPTS + "], was " + maxAttempts);
        }
        Duration wait = delay == null ? Duration.ZERO : delay;
        if (wait.compareTo(JobOptions.MAX_DELAY) > 0) {
            throw new UsageException("--delay must be at most " + JobOptions.MAX_DELAY.toDays() + " days, was " + delay);
        }
        if (timeout != null && timeout.isZero()) {
            throw new UsageException("--timeout must be > 0");
        }
        for (String tag : tags) {
            if (tag.isBlank() || tag.length() > 100 || tag.indexOf('\0') >= 0) {
                throw new UsageException("--tag must be 1-100 characters, was \"" + tag + "\"");
            }
        }
        String json = normalizedArgs(args);
        return new NewJob(kind, queue, json, priority, maxAttempts, wait.isZero() ? JobState.AVAILABLE : JobState.SCHEDULED,
                null, wait, timeout, tags, metadata, null, limits(wait));
    }

    /** The time limits given, each checked like the library's (&gt; 0, at most 10 years, a reachable deadline). */
    private NewJob.TimeLimits limits(Duration wait) {
        checkLimit("--start-within", startWithin);
        checkLimit("--deadline", deadline);
        checkLimit("--heartbeat-timeout", heartbeatTimeout);
        if (deadline != null && wait.compareTo(deadline) >= 0) {
            throw new UsageException("--deadline " + deadline + " comes before the job is due (--delay " + wait
                    + "): it could never run");
        }
        return new NewJob.TimeLimits(startWithin, null, deadline, heartbeatTimeout);
    }

    private static void checkLimit(String option, @Nullable Duration value) {
        if (value != null && (value.isZero() || value.compareTo(JobOptions.MAX_DELAY) > 0)) {
            throw new UsageException(option + " must be > 0 and at most " + JobOptions.MAX_DELAY.toDays()
                    + " days, was " + value);
        }
    }

    /** The arguments as compact JSON, or a usage error. */
    static String normalizedArgs(String args) {
        JsonNode node;
        try {
            node = JSON.readTree(args);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[.*?]\\)", "");
            throw new UsageException("--args is not valid JSON: " + reason
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new UsageException("--args must be a JSON object such as {\"userId\": 42}, was "
                    + (node == null ? "empty" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (containsNul(node)) {
            throw new UsageException("--args contains a NUL character (\\u0000), which databases cannot store in text");
        }
        String json = node.toString();
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ARGS_BYTES) {
            throw new UsageException("--args is " + bytes + " bytes of JSON, over the limit of " + MAX_ARGS_BYTES);
        }
        return json;
    }

    private static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        for (var fields = node.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (field.getKey().indexOf('\0') >= 0 || containsNul(field.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (containsNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
