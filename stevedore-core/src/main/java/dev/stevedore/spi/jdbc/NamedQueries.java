package dev.stevedore.spi.jdbc;

import dev.stevedore.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The named SQL statements of one store, loaded once from a {@code .sql} resource. For store authors.
 *
 * <p>A file holds blocks headed by {@code -- name: job_claim}; everything up to the next header is the
 * statement. {@code {schema}} is replaced by the configured schema (the only text substitution; it is
 * validated as a plain identifier). Parameters are written {@code :name} (see {@link NamedSql}).
 */
public final class NamedQueries {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private final Map<String, NamedSql> queries;

    private NamedQueries(Map<String, NamedSql> queries) {
        this.queries = queries;
    }

    /** Loads {@code resource} relative to {@code anchor}'s class loader, substituting {@code schema}. */
    public static NamedQueries load(Class<?> anchor, String resource, String schema) {
        checkSchema(schema);
        String text = readResource(anchor, resource);
        Map<String, NamedSql> queries = new LinkedHashMap<>();
        String name = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("-- name:")) {
                put(queries, name, body, schema, resource);
                name = trimmed.substring("-- name:".length()).strip();
                body.setLength(0);
            } else if (name != null) {
                body.append(line).append('\n');
            }
        }
        put(queries, name, body, schema, resource);
        return new NamedQueries(Map.copyOf(queries));
    }

    private static void put(Map<String, NamedSql> queries, String name, StringBuilder body,
                            String schema, String resource) {
        if (name == null) {
            return;
        }
        if (queries.containsKey(name)) {
            throw new IllegalStateException("query " + name + " defined twice in " + resource);
        }
        queries.put(name, NamedSql.parse(body.toString().strip().replace("{schema}", schema)));
    }

    /** The statement called {@code name}; fails loudly if the resource has none. */
    public NamedSql get(String name) {
        NamedSql sql = queries.get(name);
        if (sql == null) {
            throw new IllegalArgumentException("no query named " + name + "; have " + queries.keySet());
        }
        return sql;
    }

    /** Rejects schema names that are not plain lower-case identifiers (they are spliced into SQL). */
    public static String checkSchema(String schema) {
        Objects.requireNonNull(schema, "schema");
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "schema must be a lower-case identifier ([a-z_][a-z0-9_]*, ≤ 63 chars), was \"" + schema + "\"");
        }
        return schema;
    }

    /** Reads a UTF-8 resource or fails naming it. */
    public static String readResource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("resource " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read resource " + resource, e);
        }
    }
}
