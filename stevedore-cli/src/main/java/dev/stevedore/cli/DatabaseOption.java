package dev.stevedore.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --database} option shared by the commands that talk to a store. */
final class DatabaseOption {
    static final String ENV = "STEVEDORE_DATABASE_URL";

    @Option(names = {"-d", "--database"}, paramLabel = "URL", converter = Converters.StoreUrlConverter.class,
            defaultValue = "${env:" + ENV + "}",
            description = {"sqlite:PATH (or a path ending in .db), postgresql://HOST:PORT/DB?user=U&schema=S "
                    + "or jdbc:postgresql://HOST:PORT/DB?user=U (schema defaults to stevedore).",
                    "Default: the environment variable " + ENV + "."})
    @Nullable StoreUrl url;

    /** The URL given, or a usage error saying how to give one. */
    StoreUrl url() {
        if (url == null) {
            throw new UsageException("missing --database URL (or set " + ENV + "); " + StoreUrls.FORMS);
        }
        return url;
    }
}
