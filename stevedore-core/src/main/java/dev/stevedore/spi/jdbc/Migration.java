package dev.stevedore.spi.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * One numbered schema migration with its up and down scripts. For store authors.
 *
 * <p>Migrations live in the store's jar as {@code NNN_name.up.sql} and {@code NNN_name.down.sql}
 * beside an {@code index.txt} listing {@code NNN_name} per line, oldest first (resource folders cannot
 * be listed portably inside a jar). {@code {schema}} is replaced as in {@link NamedQueries}.
 *
 * @param version the number, from 1, without gaps
 * @param name    the descriptive part of the file name
 * @param up      statements applying it, in order
 * @param down    statements reverting it, in order
 */
public record Migration(int version, String name, List<String> up, List<String> down) {

    /** Loads every migration listed in {@code folder/index.txt}. */
    public static List<Migration> loadAll(Class<?> anchor, String folder, String schema) {
        NamedQueries.checkSchema(schema);
        List<Migration> out = new ArrayList<>();
        for (String line : NamedQueries.readResource(anchor, folder + "/index.txt").split("\n")) {
            String id = line.strip();
            if (id.isEmpty() || id.startsWith("#")) {
                continue;
            }
            int version = Integer.parseInt(id.substring(0, id.indexOf('_')));
            if (version != out.size() + 1) {
                throw new IllegalStateException("migration " + id + " out of order in " + folder + "/index.txt");
            }
            out.add(new Migration(version, id,
                    statements(NamedQueries.readResource(anchor, folder + "/" + id + ".up.sql"), schema),
                    statements(NamedQueries.readResource(anchor, folder + "/" + id + ".down.sql"), schema)));
        }
        return List.copyOf(out);
    }

    /**
     * Splits a script into statements at lines ending in {@code ;}, keeping {@code $$ … $$} bodies
     * (functions) whole.
     */
    static List<String> statements(String script, String schema) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inDollarBody = false;
        for (String line : script.replace("{schema}", schema).split("\n")) {
            if (line.strip().startsWith("--") && current.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            int dollars = line.split("\\$\\$", -1).length - 1;
            if (dollars % 2 == 1) {
                inDollarBody = !inDollarBody;
            }
            if (!inDollarBody && line.stripTrailing().endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return List.copyOf(out);
    }
}
