package dev.stevedore.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code stevedore worker --config stevedore.yml}, and {@code STEVEDORE_*} environment variables for
 * the worker's options. Both become command-line options put before the ones typed, and the last of an
 * option wins: so a flag beats the environment, which beats the file. The file's keys are the worker's
 * long option names (and {@code queues}, a map of name to concurrency); an unknown key is an error that
 * names the nearest known one.
 */
final class WorkerConfig {
    /** The environment variable naming a config file when {@code --config} is not given. */
    static final String ENV_CONFIG = "STEVEDORE_CONFIG";
    /** Options a file or the environment may set, in the order they are put on the command line. */
    static final List<String> OPTIONS = List.of("database", "classpath", "migrate", "node-id", "restart-above",
            "shutdown-grace", "metrics-port", "metrics-host", "dashboard-port", "dashboard-host");
    static final String QUEUES = "queues";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private WorkerConfig() {}

    /** The environment variable for an option: {@code node-id} is {@code STEVEDORE_NODE_ID}; the database's is the existing one. */
    static String variable(String option) {
        return option.equals("database") ? DatabaseOption.ENV
                : "STEVEDORE_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code args} with the file's and the environment's options put in front, when the command is {@code worker}. */
    static String[] expand(String[] args, Map<String, String> env) {
        if (args.length == 0 || !args[0].equals("worker")) {
            return args;
        }
        List<String> typed = Arrays.asList(args).subList(1, args.length);
        String file = configPath(typed, env);
        JsonNode config = file == null ? YAML.createObjectNode() : read(Path.of(file));
        List<String> front = new ArrayList<>();
        for (String option : OPTIONS) {
            String fromEnv = option.equals("database") ? null : env.get(variable(option));
            JsonNode fromFile = config.get(option);
            // The database's variable is already the --database default: the file comes after it, not before.
            if (option.equals("database") && env.get(DatabaseOption.ENV) != null) {
                continue;
            }
            String value = fromEnv != null ? fromEnv : fromFile == null ? null : scalar(option, fromFile);
            if (value == null) {
                continue;
            }
            if (option.equals("migrate")) {
                if (Boolean.parseBoolean(value)) {
                    front.add("--migrate");
                } else if (!value.equalsIgnoreCase("false")) {
                    throw new UsageException(where(file, fromEnv, option) + ": migrate must be true or false, was " + value);
                }
                continue;
            }
            front.add("--" + option + "=" + value);
        }
        Set<String> typedQueues = queuesNamed(typed);
        JsonNode queues = config.get(QUEUES);
        if (queues != null) {
            if (!queues.isObject()) {
                throw new UsageException(file + ": queues must be a map of queue name to concurrency, e.g. {mail: 20}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = queues.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> queue = it.next();
                if (typedQueues.contains(queue.getKey())) {
                    continue; // --queue on the command line names it: that one counts
                }
                JsonNode n = queue.getValue();
                front.add("--queue=" + queue.getKey() + (n == null || n.isNull() ? "" : "=" + scalar("queues." + queue.getKey(), n)));
            }
        }
        List<String> out = new ArrayList<>();
        out.add("worker");
        out.addAll(front);
        out.addAll(typed);
        return out.toArray(String[]::new);
    }

    private static String where(String file, String fromEnv, String option) {
        return fromEnv != null ? variable(option) : file;
    }

    private static String configPath(List<String> typed, Map<String, String> env) {
        for (int i = 0; i < typed.size(); i++) {
            String arg = typed.get(i);
            if (arg.equals("--config") && i + 1 < typed.size()) {
                return typed.get(i + 1);
            }
            if (arg.startsWith("--config=")) {
                return arg.substring("--config=".length());
            }
        }
        String fromEnv = env.get(ENV_CONFIG);
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
    }

    private static JsonNode read(Path file) {
        JsonNode config;
        try {
            config = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UsageException("config file " + file + " does not exist");
        } catch (JacksonException e) {
            throw new UsageException(file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
        }
        if (config == null || config.isMissingNode() || config.isNull()) {
            return YAML.createObjectNode();
        }
        if (!config.isObject()) {
            throw new UsageException(file + ": expected a map of settings (database:, classpath:, queues: …)");
        }
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!OPTIONS.contains(key) && !key.equals(QUEUES)) {
                List<String> known = new ArrayList<>(OPTIONS);
                known.add(QUEUES);
                String nearest = known.stream().min(Comparator.comparingInt(k -> distance(k, key))).orElseThrow();
                throw new UsageException(file + ": unknown setting '" + key + "'"
                        + (distance(nearest, key) <= 3 ? " (did you mean '" + nearest + "'?)" : "")
                        + "; known: " + String.join(", ", known));
            }
        }
        return config;
    }

    private static String scalar(String key, JsonNode value) {
        if (!value.isValueNode() || value.isNull()) {
            throw new UsageException("setting " + key + " must be a single value, was " + value);
        }
        return value.asText();
    }

    /** The queue names typed with --queue/-q, so that the file's entry for the same queue steps aside. */
    private static Set<String> queuesNamed(List<String> typed) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < typed.size(); i++) {
            String arg = typed.get(i);
            String spec = null;
            if ((arg.equals("--queue") || arg.equals("-q")) && i + 1 < typed.size()) {
                spec = typed.get(i + 1);
            } else if (arg.startsWith("--queue=")) {
                spec = arg.substring("--queue=".length());
            } else if (arg.startsWith("-q") && arg.length() > 2) {
                spec = arg.substring(2);
            }
            if (spec != null) {
                names.add(spec.split("=", 2)[0].strip());
            }
        }
        return names;
    }

    /** Levenshtein distance, for "did you mean". */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
