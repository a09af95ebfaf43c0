package dev.hellokafka.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The run as a whole: which broker it used, whether every step passed, and, at the end of a full walk, the
 * pages it writes. Only a walk on the embedded broker writes docs/ (it is the run anyone can repeat and get
 * the same pages); other modes write their pages to target/docs/. Each walk leaves a report of what it found
 * in target/, which the docs check of {@code ./mvnw verify} ({@code DocsUpToDateIT}) reads.
 */
public final class Walk {

    static final String REPORT = "docs-check.properties";

    private static BrokerMode mode;
    private static int failedSteps;

    private Walk() {}

    static synchronized void started() {
        delete(target().resolve(REPORT)); // a report from an earlier build must not answer for this one
    }

    static synchronized void brokerMode(BrokerMode brokerMode) {
        mode = brokerMode;
    }

    static synchronized void stepFinished(boolean passed) {
        if (!passed) {
            failedSteps++;
        }
    }

    /** Called once every step has run: writes the pages, and says where they went. */
    public static synchronized void writeDocs() {
        if (mode == null || failedSteps > 0) {
            Console.INSTANCE.line("\ndocs/ not regenerated: the walk did not pass.");
            return;
        }
        Map<String, String> pages = new DocPages(
                        base().resolve("src/test/resources/pages"),
                        List.of(base().resolve("src/test/java"), base().resolve("src/main/java")))
                .render();
        if (mode != BrokerMode.EMBEDDED) {
            Path dir = target().resolve("docs");
            write(dir, pages);
            report("not-canonical", List.of());
            Console.INSTANCE.line("\nPages of this " + mode + " run: " + base().relativize(dir)
                    + "/ (docs/ comes only from the embedded broker)");
            return;
        }
        Path docs = base().resolve("docs");
        List<String> stale = stalePages(docs, pages);
        List<String> changed = new ArrayList<>(changedPages(docs, pages));
        stale.forEach(name -> {
            changed.add(name + " (no longer generated, removed)");
            delete(docs.resolve(name));
        });
        write(docs, pages);
        report(changed.isEmpty() ? "up-to-date" : "changed", changed);
        Console.INSTANCE.line(
                changed.isEmpty()
                        ? "\ndocs/ is up to date: " + pages.size() + " pages regenerated, none changed."
                        : "\ndocs/ regenerated, " + changed.size() + " of " + pages.size() + " pages changed: "
                                + String.join(", ", changed) + ". Review with 'git diff docs/' and commit them.");
    }

    /** The pages whose text in docs/ differs from the run's, or that are not there yet. */
    private static List<String> changedPages(Path docs, Map<String, String> pages) {
        return pages.entrySet().stream()
                .filter(page -> {
                    Path file = docs.resolve(page.getKey());
                    return !Files.exists(file) || !Objects.equals(read(file), page.getValue());
                })
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Pages in docs/ that no page source generates any more. */
    private static List<String> stalePages(Path docs, Map<String, String> pages) {
        if (!Files.isDirectory(docs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(docs)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".md") && !pages.containsKey(name))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void report(String status, List<String> changed) {
        write(target(), Map.of(REPORT, "status=" + status + "\nchanged=" + String.join(", ", changed) + "\n"));
    }

    static Path base() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
    }

    static Path target() {
        return base().resolve("target");
    }

    private static void write(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
