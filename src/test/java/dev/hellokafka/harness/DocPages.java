package dev.hellokafka.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the hand-written page sources ({@code src/test/resources/pages/*.md}) into the pages of docs/:
 * {@code include::code[Class#tag]} becomes the Java between {@code // tag::tag[]} and {@code // end::tag[]}
 * in that class, {@code include::output[Class#name]} what the step recorded under that name, and
 * {@code include::chapters[]} (in the index) the list of chapters. Each chapter gets links to its neighbours.
 */
final class DocPages {

    static final String INDEX = "README.md";

    private static final Pattern INCLUDE =
            Pattern.compile("^include::(code|output|chapters)\\[([^\\]]*)][ \\t]*$", Pattern.MULTILINE);
    private static final Pattern TAG_MARKER = Pattern.compile("^\\s*// (?:tag|end)::[\\w-]+\\[]\\s*$");

    private final Path pagesDir;
    private final Map<String, Path> sources;

    DocPages(Path pagesDir, List<Path> sourceRoots) {
        this.pagesDir = pagesDir;
        this.sources = indexSources(sourceRoots);
    }

    /** Every page of docs/, by file name. Fails naming the page and the include or diagram that is wrong. */
    Map<String, String> render() {
        List<Chapter> chapters = chapters();
        String index = read(pagesDir.resolve(INDEX));
        checkDiagrams(INDEX, index);
        chapters.forEach(chapter -> checkDiagrams(chapter.file(), chapter.source()));
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put(INDEX, header(INDEX) + expand(INDEX, index, chapters));
        for (int i = 0; i < chapters.size(); i++) {
            Chapter chapter = chapters.get(i);
            String body = expand(chapter.file(), chapter.source(), chapters);
            String nav = navigation(
                    i == 0 ? null : chapters.get(i - 1), i + 1 < chapters.size() ? chapters.get(i + 1) : null);
            pages.put(chapter.file(), header(chapter.file()) + body + nav);
        }
        return pages;
    }

    private static void checkDiagrams(String page, String source) {
        List<String> problems = Mermaid.problems(page, source);
        if (!problems.isEmpty()) {
            throw new DocsException(
                    "a Mermaid diagram would not render on GitHub:\n  " + String.join("\n  ", problems));
        }
    }

    private List<Chapter> chapters() {
        try (Stream<Path> files = Files.list(pagesDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".md") && !name.equals(INDEX))
                    .sorted()
                    .map(name -> new Chapter(name, read(pagesDir.resolve(name))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String expand(String page, String source, List<Chapter> chapters) {
        Matcher m = INCLUDE.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = switch (m.group(1)) {
                case "code" -> "```java\n" + code(page, m.group(2)) + "\n```";
                case "output" -> output(page, m.group(2));
                default ->
                    chapters.stream()
                            .map(c -> (chapters.indexOf(c) + 1) + ". [" + c.title() + "](" + c.file() + ")")
                            .collect(Collectors.joining("\n"));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().stripTrailing() + "\n";
    }

    private String code(String page, String reference) {
        String[] parts = split(page, "code", reference);
        Path file = sources.get(parts[0]);
        if (file == null) {
            throw new DocsException(page + ": include::code[" + reference + "] names " + parts[0]
                    + ", which is not a class under src/");
        }
        // A tag may close and open again, to leave a line out of the page; its regions are joined.
        List<String> region = new ArrayList<>();
        boolean inside = false;
        boolean found = false;
        for (String line : read(file).lines().toList()) {
            String trimmed = line.trim();
            if (trimmed.equals("// tag::" + parts[1] + "[]")) {
                inside = true;
                found = true;
            } else if (trimmed.equals("// end::" + parts[1] + "[]")) {
                inside = false;
            } else if (inside && !TAG_MARKER.matcher(line).matches()) {
                region.add(line);
            }
        }
        if (!found || inside) {
            throw new DocsException(page + ": include::code[" + reference + "] has no region between " + "'// tag::"
                    + parts[1] + "[]' and '// end::" + parts[1] + "[]' in " + file.getFileName());
        }
        int indent = region.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }

    private static String output(String page, String reference) {
        split(page, "output", reference);
        Docs.Snippet snippet = Docs.recorded(reference)
                .orElseThrow(() -> new DocsException(page
                        + ": include::output[" + reference
                        + "] was not recorded by the run (does the step call docs.output(\""
                        + reference.substring(reference.indexOf('#') + 1) + "\", ...)?)"));
        return snippet.markdown() ? snippet.text() : "```text\n" + snippet.text() + "\n```";
    }

    private static String[] split(String page, String kind, String reference) {
        String[] parts = reference.split("#", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new DocsException(page + ": include::" + kind + "[" + reference + "] must name Class#name");
        }
        return parts;
    }

    private static String header(String file) {
        return "<!-- Generated by ./mvnw test from src/test/resources/pages/" + file
                + ": edit that file, not this one. -->\n";
    }

    private static String navigation(Chapter previous, Chapter next) {
        List<String> links = new ArrayList<>();
        if (previous != null) {
            links.add("← [" + previous.title() + "](" + previous.file() + ")");
        }
        links.add("[Contents](" + INDEX + ")");
        if (next != null) {
            links.add("[" + next.title() + "](" + next.file() + ") →");
        }
        return "\n---\n\n" + String.join(" · ", links) + "\n";
    }

    private static Map<String, Path> indexSources(List<Path> roots) {
        Map<String, Path> index = new LinkedHashMap<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".java"))
                        .forEach(p -> index.put(p.getFileName().toString().replace(".java", ""), p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return index;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page source and its title, the text of its first "# " heading. */
    private record Chapter(String file, String source) {
        String title() {
            return source.lines()
                    .filter(l -> l.startsWith("# "))
                    .findFirst()
                    .map(l -> l.substring(2).trim())
                    .orElseThrow(() -> new DocsException(file + ": a chapter needs a '# Title' line"));
        }
    }

    /** A page cannot be generated; the message names the page and what is missing. */
    static final class DocsException extends RuntimeException {
        DocsException(String message) {
            super(message, null, false, false);
        }
    }
}
