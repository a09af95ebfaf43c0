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
import java.util.Set;
import java.util.stream.Stream;

/**
 * From a walk's outputs to docs/. A walk saves what its steps recorded under target/walk/ (a walk on the embedded
 * broker: the run anyone can repeat and get the same pages) or target/walk-MODE/ (other modes, whose pages go to
 * target/docs/); the docs step ({@code ./mvnw -Pdocs}, {@link Docs}) renders the page sources with those outputs
 * into docs/ and README's list of chapters, and the docs check of {@code ./mvnw verify} ({@code DocsUpToDateIT})
 * renders the same and compares, writing nothing.
 */
public final class PageWriter {

    /** Where the chapters' programs are, from the project's base directory. */
    static final String PROGRAMS = "src/main/java/dev/hellokafka/programs";

    /**
     * Where the programs' own tests are (a JUnit test of a program, as a reader's project keeps it): a page shows one
     * whole with include::file, but it is no program to run.
     */
    static final String PROGRAM_TESTS = "src/test/java/dev/hellokafka/programs";

    /** The command that writes docs/ from the last walk's outputs. */
    static final String DOCS_COMMAND = "./mvnw -Pdocs";

    private PageWriter() {}

    /** Where an embedded walk saves its outputs, the ones docs/ is rendered from. */
    static Path recorded(Path target) {
        return target.resolve("walk");
    }

    /** The page sources, rendered with the programs' and tests' code and these outputs; canonical ones for docs/. */
    static PageRenderer renderer(Recordings recordings, boolean canonical) {
        return new PageRenderer(
                base().resolve("src/test/resources/pages"),
                List.of(base().resolve("src/test/java"), base().resolve("src/main/java")),
                base().resolve(PROGRAMS),
                base().resolve("docs"),
                Artifacts.ofThisJvm(),
                recordings,
                canonical);
    }

    /** The pages of docs/ and README.md as the outputs saved in target/walk/ render them, by path from the base. */
    static Map<String, String> renderDocs(Path target) {
        PageRenderer renderer = renderer(Recordings.load(recorded(target)), true);
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, PageRenderer.Page> pages = renderer.render();
        pages.forEach((file, page) -> files.put("docs/" + file, page.text()));
        files.put("README.md", renderer.withChapterList(read(base().resolve("README.md")), pages));
        return files;
    }

    /** Saves the outputs of the steps that passed, where the docs step finds them. */
    static void saveRecordings(Recordings recordings, Set<String> passedSteps, BrokerMode mode, Path target) {
        recordings.save(mode == BrokerMode.EMBEDDED ? recorded(target) : target.resolve("walk-" + mode), passedSteps);
    }

    /**
     * What the console says at the end of a walk: for a walk on the embedded broker, whether docs/ and README.md
     * match what its outputs render; for another mode, where its pages went (target/docs/, written here).
     */
    static String afterTheWalk(
            BrokerMode mode, List<String> steps, Set<String> failedSteps, Set<String> steppedAside, Path target) {
        if (!failedSteps.isEmpty()) {
            return "\nThe walk did not pass (" + String.join(", ", failedSteps) + "): docs/ was not compared.";
        }
        if (mode != BrokerMode.EMBEDDED) {
            Path dir = target.resolve("docs");
            Map<String, PageRenderer.Page> pages = renderer(Recordings.load(target.resolve("walk-" + mode)), false)
                    .render();
            Map<String, String> texts = new LinkedHashMap<>();
            pages.forEach((file, page) -> texts.put(file, page.text()));
            steppedAside.forEach(step -> texts.remove(step + ".md")); // a chapter that stepped aside has no page
            writeFiles(dir, texts);
            return "\nPages of this " + mode + " run: " + base().relativize(dir)
                    + "/ (docs/ comes only from the embedded broker)";
        }
        Map<String, String> rendered;
        try {
            rendered = renderDocs(target);
        } catch (PageRenderer.PageException e) {
            return "\nThe outputs of " + steps.size() + " step(s) are saved in target/walk/, but docs/ cannot be"
                    + " rendered from them yet: " + e.getMessage();
        }
        List<String> changed = changed(base(), rendered);
        return changed.isEmpty()
                ? "\ndocs/ is up to date with this walk."
                : "\ndocs/ differs from what this walk's outputs render: " + String.join(", ", changed)
                        + ". Write it with '" + DOCS_COMMAND + "', review 'git diff docs/ README.md' and commit.";
    }

    /**
     * The files, by path from {@code base}, whose text there differs from these, each with its first differing line,
     * or that are missing.
     */
    static List<String> changed(Path base, Map<String, String> files) {
        List<String> changed = new ArrayList<>();
        files.forEach((file, text) -> {
            Path path = base.resolve(file);
            if (!Files.exists(path)) {
                changed.add(file + " (new)");
                return;
            }
            String committed = read(path);
            if (!Objects.equals(committed, text)) {
                changed.add(file + " (" + firstDifference(committed, text) + ")");
            }
        });
        stalePages(base.resolve("docs"), files).forEach(name -> changed.add(name + " (no longer generated)"));
        return changed;
    }

    /**
     * Makes docs/ (and README.md) hold exactly these files: writes them, and removes pages no source generates
     * any more.
     *
     * @return what changed: the files whose text differed or that were new, then the removed pages, marked so
     */
    static List<String> write(Path base, Map<String, String> files) {
        List<String> changed = changed(base, files);
        stalePages(base.resolve("docs"), files).forEach(name -> delete(base.resolve(name)));
        files.forEach((file, text) -> writeFiles(
                base.resolve(file).getParent(),
                Map.of(base.resolve(file).getFileName().toString(), text)));
        return changed;
    }

    /** Where two texts first differ: the line's number and both versions of it, shortened to be read in a log. */
    static String firstDifference(String committed, String rendered) {
        List<String> was = committed.lines().toList();
        List<String> now = rendered.lines().toList();
        int line = 0;
        while (line < was.size() && line < now.size() && was.get(line).equals(now.get(line))) {
            line++;
        }
        return "line " + (line + 1) + ": committed " + quoted(was, line) + ", this walk " + quoted(now, line);
    }

    private static String quoted(List<String> lines, int index) {
        if (index >= lines.size()) {
            return "(end of file)";
        }
        String line = lines.get(index);
        return "'" + (line.length() > 100 ? line.substring(0, 100) + "…" : line) + "'";
    }

    /** Pages in docs/ that none of these files is. */
    private static List<String> stalePages(Path docs, Map<String, String> files) {
        if (!Files.isDirectory(docs)) {
            return List.of();
        }
        try (Stream<Path> pages = Files.list(docs)) {
            return pages.map(p -> "docs/" + p.getFileName())
                    .filter(name -> name.endsWith(".md") && !files.containsKey(name))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path base() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
    }

    static Path target() {
        return base().resolve("target");
    }

    private static void writeFiles(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
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
