package dev.hellokafka.harness;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The run as a whole: which broker it used, whether every step passed, and, at the end of a full walk, the
 * pages it writes. Only a walk on the embedded broker writes docs/ (it is the run anyone can repeat and get
 * the same pages); other modes write their pages to target/docs/. Each walk leaves a report of what it found
 * in target/, which the docs check of {@code ./mvnw verify} ({@code DocsUpToDateIT}) reads.
 */
public final class PageWriter {

    static final String REPORT = "docs-check.properties";

    /** A page's program runs for a few seconds; this bounds one that hangs. */
    static final Duration PASTED_RUN_LIMIT = Duration.ofSeconds(60);

    /** The pages' programs mostly wait for the broker, so several run at once. */
    static final int PASTED_IN_PARALLEL = 4;

    private static BrokerMode mode;
    private static int failedSteps;
    private static CompletableFuture<PasteCheckResult> pasteCheck;

    /** What the paste check found, and how long it took. */
    private record PasteCheckResult(int compiled, int ran, Duration took, List<PasteCheck.Problem> problems) {}

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

    /**
     * Called as a full walk starts: once the core steps are done, the pages' code is checked beside the chapters
     * (it comes from the sources, so it is final before the chapters have recorded anything).
     */
    public static synchronized void walkStarted() {
        pasteCheck = CompletableFuture.supplyAsync(() -> {
            try {
                WalkPlan.awaitCoreSteps(Duration.ofMinutes(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the core steps", e);
            }
            return checkPastedCode(renderer(false).withoutOutputs().render().values());
        });
    }

    private static PageRenderer renderer(boolean canonical) {
        return new PageRenderer(
                base().resolve("src/test/resources/pages"),
                List.of(base().resolve("src/test/java"), base().resolve("src/main/java")),
                Artifacts.ofThisJvm(),
                canonical);
    }

    /** Called once every step has run: writes the pages, says where they went, and checks the pages' code. */
    public static synchronized void writePages() {
        Console.INSTANCE.flush();
        if (mode == null || failedSteps > 0) {
            if (pasteCheck != null) {
                pasteCheck.cancel(true);
            }
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
        reportPasteCheck(pasteCheck == null ? checkPastedCode(rendered.values()) : pasteCheck.join());
    }

    /**
     * Every page's Java, pasted as a reader would, compiled and run against a fresh broker of the check's own (the
     * programs create the same topics as the steps, and a reader's broker is fresh too). Fails the walk naming
     * each page, block and line that breaks the reader's contract.
     */
    private static PasteCheckResult checkPastedCode(Collection<PageRenderer.Page> pages) {
        long started = System.nanoTime();
        PasteCheck check = new PasteCheck(Artifacts.ofThisJvm(), target().resolve("pasted"));
        List<PasteCheck.Page> checked = new ArrayList<>();
        Map<PasteCheck.Page, String> runAgainst = new HashMap<>();
        List<PasteCheck.Problem> problems;
        try (EmbeddedKafkaBroker fresh = EmbeddedKafkaBroker.start()) {
            for (PageRenderer.Page page : pages) {
                if (page.dependencies().isEmpty()) {
                    continue;
                }
                PasteCheck.Page pasted =
                        new PasteCheck.Page("docs/" + page.file(), page.text(), page.dependencies(), page.imports());
                checked.add(pasted);
                if (page.compileOnly() == null) {
                    runAgainst.put(pasted, fresh.bootstrapServers());
                }
            }
            problems = check.checkAll(checked, runAgainst, PASTED_RUN_LIMIT, PASTED_IN_PARALLEL);
        }
        return new PasteCheckResult(
                checked.size(), runAgainst.size(), Duration.ofNanos(System.nanoTime() - started), problems);
    }

    private static void reportPasteCheck(PasteCheckResult result) {
        List<PasteCheck.Problem> problems = result.problems();
        Console.INSTANCE.printPasteCheck(result.compiled(), result.ran(), result.took(), problems);
        if (!problems.isEmpty()) {
            failedSteps++;
            report(
                    "paste-check-failed",
                    problems.stream().map(PasteCheck.Problem::page).distinct().toList());
            throw new PageRenderer.PageException("the code of "
                    + problems.stream().map(PasteCheck.Problem::page).distinct().count()
                    + " page(s) does not work as pasted:\n  "
                    + problems.stream().map(PasteCheck.Problem::toString).collect(Collectors.joining("\n  ")));
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
