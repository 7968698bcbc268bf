package dev.stevedore.cli;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The application's jars and class directories, and the {@link WorkerModule}s they declare.
 * A directory entry ending in {@code /*} stands for every jar in that directory.
 */
final class WorkerClasspath {
    private WorkerClasspath() {}

    /** The class path entries of {@code spec} ({@code :}-separated, {@code ;} also accepted on Windows). */
    static List<URL> urls(String spec) {
        List<URL> urls = new ArrayList<>();
        for (String entry : spec.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith("/*") || entry.endsWith(File.separator + "*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 2));
                if (!Files.isDirectory(dir)) {
                    throw new UsageException("--classpath entry " + entry + ": " + dir + " is not a directory");
                }
                try (Stream<Path> jars = Files.list(dir)) {
                    jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
                } catch (IOException e) {
                    throw new UsageException("--classpath entry " + entry + ": cannot list " + dir + ": " + e.getMessage());
                }
                continue;
            }
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                throw new UsageException("--classpath entry " + entry + " does not exist");
            }
            if (!Files.isDirectory(path) && !entry.endsWith(".jar") && !entry.endsWith(".zip")) {
                throw new UsageException("--classpath entry " + entry + " is neither a directory nor a .jar");
            }
            urls.add(url(path));
        }
        if (urls.isEmpty()) {
            throw new UsageException("--classpath names no jar or directory");
        }
        return urls;
    }

    /** A class loader over {@code urls} whose parent is the CLI's own (Stevedore, the drivers, SLF4J). */
    static URLClassLoader loader(List<URL> urls) {
        return new URLClassLoader("stevedore-worker", urls.toArray(URL[]::new), WorkerClasspath.class.getClassLoader());
    }

    /** The modules {@code loader} declares; a usage error when there are none. */
    static List<WorkerModule> modules(ClassLoader loader, String spec) {
        List<WorkerModule> modules = new ArrayList<>();
        try {
            for (WorkerModule module : ServiceLoader.load(WorkerModule.class, loader)) {
                modules.add(module);
            }
        } catch (ServiceConfigurationError e) {
            throw new UsageException("cannot load a WorkerModule from " + spec + ": " + Main.describe(e));
        }
        if (modules.isEmpty()) {
            throw new UsageException("no WorkerModule found on " + spec + ": list your implementation of "
                    + WorkerModule.class.getName() + " in META-INF/services/" + WorkerModule.class.getName()
                    + " (see docs/worker.md)");
        }
        return modules;
    }

    private static URL url(Path path) {
        try {
            return path.toAbsolutePath().normalize().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UsageException("--classpath entry " + path + " is not a valid path: " + e.getMessage());
        }
    }
}
