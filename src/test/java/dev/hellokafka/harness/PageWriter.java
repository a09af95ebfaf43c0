package dev.hellokafka.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The run as a whole: which broker it used, whether every step passed, and, at the end of a full walk, the
 * pages it writes. Only a walk on the embedded broker writes docs/ (it is the run anyone can repeat and get
 * the same pages); other modes write their pages to target/docs/. Each walk leaves a report of what it found
 * in target/, which the docs check of {@code ./mvnw verify} ({@code DocsUpToDateIT}) reads. The pages' code
 * is checked there too ({@code PastedCodeIT}): it comes from the sources, not from the walk.
 */
public final class PageWriter {

    static final String REPORT = "docs-check.properties";

    private static BrokerMode mode;
    private static int failedSteps;

    private PageWriter() {}

    static synchronized void runStarted() {
        delete(target().resolve(REPORT)); // a report from an earlier build must not answer for this one
    }

    static synchronized void useBrokerMode(BrokerMode brokerMode) {
        mode = brokerMode;
    }

    static synchronized void stepFinished(boolean passed) {
        if (!passed) {
            failedSteps++;
        }
    }

    /** The page sources, rendered with the code of the test and main sources; canonical ones for docs/. */
    static PageRenderer renderer(boolean canonical) {
        return new PageRenderer(
                base().resolve("src/test/resources/pages"),
                List.of(base().resolve("src/test/java"), base().resolve("src/main/java")),
                Artifacts.ofThisJvm(),
                canonical);
    }

    /** Called once every step has run: writes the pages, and says where they went. */
    public static synchronized void writePages() {
        Console.INSTANCE.flush();
        if (mode == null || failedSteps > 0) {
            Console.INSTANCE.println("\ndocs/ not regenerated: the walk did not pass.");
            return;
        }
        PageRenderer renderer = renderer(mode == BrokerMode.EMBEDDED);
        Map<String, PageRenderer.Page> rendered = renderer.render();
        Map<String, String> pages = new LinkedHashMap<>();
        rendered.forEach((file, page) -> pages.put(file, page.text()));
        if (mode != BrokerMode.EMBEDDED) {
            Path dir = target().resolve("docs");
            write(dir, pages);
            report("not-canonical", List.of());
            Console.INSTANCE.println("\nPages of this " + mode + " run: " + base().relativize(dir)
                    + "/ (docs/ comes only from the embedded broker)");
        } else {
            List<String> changed = updateDocs(base().resolve("docs"), pages);
            String readme = read(base().resolve("README.md"));
            String withList = renderer.withChapterList(readme);
            if (!withList.equals(readme)) {
                changed.add("../README.md (its list of chapters)");
                write(base(), Map.of("README.md", withList));
            }
            report(changed.isEmpty() ? "up-to-date" : "changed", changed);
            Console.INSTANCE.println(
                    changed.isEmpty()
                            ? "\ndocs/ is up to date: " + pages.size() + " pages regenerated, none changed."
                            : "\ndocs/ regenerated, " + changed.size() + " of " + pages.size() + " pages changed: "
                                    + String.join(", ", changed)
                                    + ". Review with 'git diff docs/ README.md' and commit them.");
        }
    }

    /**
     * Makes docs/ hold exactly these pages: writes them, and removes pages no source generates any more.
     *
     * @return what changed: the pages whose text differed or that were new, then the removed ones, marked so
     */
    static List<String> updateDocs(Path docs, Map<String, String> pages) {
        List<String> stale = stalePages(docs, pages);
        List<String> changed = new ArrayList<>(changedPages(docs, pages));
        stale.forEach(name -> {
            changed.add(name + " (no longer generated, removed)");
            delete(docs.resolve(name));
        });
        write(docs, pages);
        return changed;
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
