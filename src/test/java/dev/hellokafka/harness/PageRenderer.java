package dev.hellokafka.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the hand-written page sources ({@code src/test/resources/pages/*.md}) into the pages of docs/, carrying
 * out their directives (the table in CONTRIBUTING.md): a program shown whole or one named unit of it, a file
 * shown whole, each with a link to its file; the command that runs a program; what the chapter's test recorded;
 * the artifacts the page's code needs at this build's versions. Java on a page comes only from files under
 * src/, never from the page source, so that the code shown is the code that ran. Each chapter gets its number,
 * links to its neighbours at its top and end, and a line saying its part, its reading time and what it teaches.
 */
final class PageRenderer {

    static final String INDEX = Chapters.INDEX;

    private final Path pagesDir;
    /** The chapters' programs, whose files the pages link to from {@link #docsDir}. */
    private final Path programsDir;

    private final Path docsDir;
    private final Map<String, Path> sources;
    private final Artifacts artifacts;
    private final Recordings recordings;
    private final boolean canonical;
    private final boolean withOutputs;
    /** Outputs that show values of this run nobody registered, found while rendering. */
    private final List<String> unregistered = new ArrayList<>();

    /**
     * @param canonical whether these pages become docs/: only then must every run-made value be registered (a
     *     walk on a used external cluster shows its earlier runs' topics, and its pages are not compared)
     */
    PageRenderer(
            Path pagesDir,
            List<Path> sourceRoots,
            Path programsDir,
            Path docsDir,
            Artifacts artifacts,
            Recordings recordings,
            boolean canonical) {
        this(pagesDir, indexSources(sourceRoots), programsDir, docsDir, artifacts, recordings, canonical, true);
    }

    private PageRenderer(
            Path pagesDir,
            Map<String, Path> sources,
            Path programsDir,
            Path docsDir,
            Artifacts artifacts,
            Recordings recordings,
            boolean canonical,
            boolean withOutputs) {
        this.pagesDir = pagesDir;
        this.programsDir = programsDir;
        this.docsDir = docsDir;
        this.sources = sources;
        this.artifacts = artifacts;
        this.recordings = recordings;
        this.canonical = canonical;
        this.withOutputs = withOutputs;
    }

    /**
     * A renderer of the pages as they are before the run has recorded anything: their code and dependencies are
     * final, each output is left empty. The program check reads these: it needs no walk.
     */
    PageRenderer withoutOutputs() {
        return new PageRenderer(pagesDir, sources, programsDir, docsDir, artifacts, recordings, false, false);
    }

    /**
     * A generated page, with what the program check needs to know of it: the artifacts its code needs, why the
     * walk only compiles it ({@code null}: its programs run), the programs it shows and the files it shows whole.
     */
    record Page(
            String file,
            String text,
            List<String> dependencies,
            String compileOnly,
            List<String> programs,
            List<Path> files) {}

    /** Every page of docs/, by file name. Fails naming the page and the include or diagram that is wrong. */
    Map<String, Page> render() {
        Chapters chapters = Chapters.in(pagesDir);
        checkEveryPageIsListed(chapters);
        String indexText = read(pagesDir.resolve(INDEX));
        PageSource index = PageSource.parse(INDEX, indexText);
        checkDiagrams(INDEX, indexText);
        chapters.all().forEach(chapter -> checkDiagrams(chapter.file(), read(pagesDir.resolve(chapter.file()))));
        Map<String, Page> pages = new LinkedHashMap<>();
        List<Chapters.Chapter> all = chapters.all();
        for (int i = 0; i < all.size(); i++) {
            Chapters.Chapter chapter = all.get(i);
            String nav = navigation(i == 0 ? null : all.get(i - 1), i + 1 < all.size() ? all.get(i + 1) : null);
            pages.put(chapter.file(), expand(chapter.source(), chapters, chapter, nav, Map.of()));
        }
        Map<String, Page> withIndex = new LinkedHashMap<>();
        withIndex.put(INDEX, expand(index, chapters, null, "", pages));
        withIndex.putAll(pages);
        checkDiagrams(INDEX, withIndex.get(INDEX).text()); // with its generated diagram of the parts
        if (!unregistered.isEmpty()) {
            throw new PageException("pages would show values that change on every run (an id, a port, a time);"
                    + " the steps that print them must register them with recorder.registerRunValue(value,"
                    + " \"<placeholder>\"):\n  " + String.join("\n  ", unregistered));
        }
        return withIndex;
    }

    /** A page source the contents page does not list would never become a page: that is a mistake. */
    private void checkEveryPageIsListed(Chapters chapters) {
        try (Stream<Path> files = Files.list(pagesDir)) {
            List<String> unlisted = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".md") && !name.equals(INDEX))
                    .filter(name ->
                            chapters.named(name.replaceFirst("\\.md$", "")).isEmpty())
                    .sorted()
                    .toList();
            if (!unlisted.isEmpty()) {
                throw new PageException(unlisted + ": no chapter::[name] line of " + INDEX + " lists them,"
                        + " so they would become no page: add them to that list, in their place");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkDiagrams(String page, String source) {
        List<String> problems = Mermaid.problems(page, source);
        if (!problems.isEmpty()) {
            throw new PageException(
                    "a Mermaid diagram would not render on GitHub:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * The page of a source: its directives carried out, its title numbered, its links to chapters filled in and
     * checked, and the navigation at its top and end. {@code chapter} is null for the contents page, which gets the
     * other pages ({@code rendered}) to say how long each part takes to read.
     */
    private Page expand(
            PageSource source,
            Chapters chapters,
            Chapters.Chapter chapter,
            String navigation,
            Map<String, Page> rendered) {
        String page = source.file();
        String whyCompileOnly = source.first("check::compile-only").orElse(null);
        List<String> dependencies = new ArrayList<>();
        Set<String> programs = new LinkedHashSet<>();
        Set<Path> files = new LinkedHashSet<>();
        for (PageSource.Part part : source.parts()) {
            if (part instanceof PageSource.Directive d && isProgramInclude(d)) {
                programs.add(d.argument().replaceFirst("#.*", ""));
            }
            if (part instanceof PageSource.Directive d && d.name().equals("include::file")) {
                files.add(classFile(page, d.argument()));
            }
        }
        StringBuilder out = new StringBuilder();
        boolean titled = chapter == null;
        for (PageSource.Part part : source.parts()) {
            if (part instanceof PageSource.Text text) {
                String markdown = text.markdown();
                if (markdown.contains("```java")) {
                    throw new PageException(page + ": a Java block written in the page; Java on a page comes from a"
                            + " file that runs or compiles: include::program, include::code or include::file");
                }
                if (!titled && markdown.startsWith("# ")) {
                    markdown = "# " + chapter.title() + markdown.substring(markdown.indexOf('\n'));
                    titled = true;
                }
                out.append(markdown);
                continue;
            }
            PageSource.Directive directive = (PageSource.Directive) part;
            String argument = directive.argument();
            String replacement = switch (directive.name()) {
                case "check::compile-only" -> null; // read above, not shown where it stands
                case "summary::" -> chapter == null ? null : ABOUT + argument;
                case "include::code" -> "```java\n" + unit(page, argument) + "\n```\n\n" + from(argument);
                case "include::program" -> from(argument) + "\n\n```java\n" + whole(page, argument) + "\n```";
                case "include::run" -> {
                    programFile(page, "include::run", argument);
                    yield "```bash\n" + RUN_COMMAND + argument + "\n```";
                }
                case "include::file" ->
                    from(argument) + "\n\n```java\n"
                            + read(classFile(page, argument)).stripTrailing() + "\n```";
                case "include::output" -> output(page, chapter, argument);
                case "include::dependencies" ->
                    dependencies(page, argument, dependencies, whyCompileOnly, !programs.isEmpty());
                case "include::maven" -> maven(page, argument);
                case "include::flowchart" -> flowchart(chapters, rendered);
                case "part::" -> {
                    Chapters.Part named = chapters.parts().keySet().stream()
                            .filter(p -> p.title().equals(argument))
                            .findFirst()
                            .orElseThrow();
                    yield "## " + named.label() + "\n\nAbout "
                            + inMinutes(minutes(chapters.parts().get(named), rendered)) + ".";
                }
                case "chapter::", "page::" -> {
                    Chapters.Chapter listed = chapters.named(argument).orElseThrow();
                    String item = listed.numbered() ? listed.number() + "." : "-";
                    yield item + " [" + listed.shortTitle() + "](" + listed.file() + ") — " + summary(listed);
                }
                default -> throw new IllegalStateException("a directive without a rendering: " + directive.name());
            };
            if (replacement != null) {
                out.append(replacement).append('\n');
            }
        }
        if (dependencies.isEmpty() && out.toString().contains("```java")) {
            throw new PageException(page + ": a page with Java needs an include::dependencies[group:artifact, ...]"
                    + " line naming what its code needs (e.g. org.apache.kafka:kafka-clients)");
        }
        if (chapter != null) {
            summary(chapter); // every page says what it teaches at its top
        }
        String body = links(page, out.toString(), chapters).stripTrailing() + "\n";
        String top = chapter == null ? "" : navigation.strip() + "\n\n";
        String bottom = chapter == null ? "" : "\n---\n\n" + navigation.strip() + "\n";
        if (chapter != null) {
            String minutes =
                    "> " + (chapter.part() == null ? "" : chapter.part().label() + " · ") + "about "
                            + inMinutes(readingMinutes(body)) + " · ";
            body = body.replace(ABOUT, minutes);
        }
        return new Page(
                page,
                header(page) + top + body + bottom,
                List.copyOf(dependencies),
                whyCompileOnly,
                List.copyOf(programs),
                List.copyOf(files));
    }

    /** The file of a class under src/, which the page shows whole. */
    private Path classFile(String page, String className) {
        Path file = sources.get(className);
        if (file == null) {
            throw new PageException(page + ": include::file[" + className + "] names no class under src/");
        }
        return file;
    }

    /** How a reader runs a program of the chapters against the playground; the program's name follows. */
    static final String RUN_COMMAND = "./mvnw -q compile exec:java -Dprogram=";

    /** Whether the directive shows code of one of the chapters' programs (in {@link #programsDir}). */
    private boolean isProgramInclude(PageSource.Directive directive) {
        if (!List.of("include::code", "include::program", "include::run").contains(directive.name())) {
            return false;
        }
        Path file = sources.get(directive.argument().replaceFirst("#.*", ""));
        return file != null && file.startsWith(programsDir);
    }

    private Path programFile(String page, String directive, String className) {
        Path file = sources.get(className);
        if (file == null || !file.startsWith(programsDir)) {
            throw new PageException(page + ": " + directive + "[" + className + "] names no program in "
                    + programsDir.getFileName() + "/");
        }
        return file;
    }

    /** A program's file, whole. */
    private String whole(String page, String className) {
        return read(programFile(page, "include::program", className)).stripTrailing();
    }

    /** A named unit of a program: a method, a field, a nested type, with its Javadoc. */
    private String unit(String page, String reference) {
        String[] parts = split(page, "code", reference);
        Path file = programFile(page, "include::code", parts[0]);
        return JavaUnits.unit(read(file), parts[1])
                .orElseThrow(() -> new PageException(page + ": include::code[" + reference + "]: " + file.getFileName()
                        + " declares no method, field or type named " + parts[1]));
    }

    /** The line that links the page to a program's file. */
    private String from(String reference) {
        String className = reference.replaceFirst("#.*", "");
        String link = docsDir.relativize(sources.get(className)).toString().replace('\\', '/');
        return "[`" + className + ".java`](" + link + ")";
    }

    /** A link to a page of docs/: its text, the page, and the anchor if any. */
    private static final Pattern PAGE_LINK = Pattern.compile("\\[([^\\]]*)]\\(([\\w.-]+\\.md)(#[^)]*)?\\)");

    /**
     * The page's links to other pages: one whose text is empty reads "step N" or "chapter N" (a page without a
     * number: its title), one whose text is "Step" or "Chapter" reads "Step N" or "Chapter N", so that no page
     * source writes a chapter's number; every link to a page must reach one.
     */
    private static String links(String page, String markdown, Chapters chapters) {
        Matcher m = PAGE_LINK.matcher(markdown);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String text = m.group(1);
            String target = m.group(2);
            Optional<Chapters.Chapter> linked = chapters.named(target.replaceFirst("\\.md$", ""));
            if (linked.isEmpty() && !target.equals(INDEX)) {
                throw new PageException(page + ": the link [" + text + "](" + target + ") goes to no page; the"
                        + " chapters are the names of " + INDEX + "'s chapter::[name] lines");
            }
            if (text.isEmpty() || text.equals("Step") || text.equals("Chapter")) {
                if (linked.isEmpty()) {
                    throw new PageException(page + ": [" + text + "](" + target
                            + "): only a link to a chapter gets its number as text");
                }
                text = linked.get().reference(!text.isEmpty());
            }
            String anchor = m.group(3) == null ? "" : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement("[" + text + "](" + target + anchor + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * {@code include::maven[scope: group:artifact, ...]}: the {@code <dependency>} elements to copy into a pom.xml,
     * at this build's versions, in that scope.
     */
    private String maven(String page, String spec) {
        String[] scopeAndList = spec.split(":", 2); // the scope, compile or test, as the page source's parser checked
        String scope = scopeAndList[0].trim();
        StringBuilder xml = new StringBuilder("```xml\n");
        for (String dependency : scopeAndList[1].split(",")) {
            String[] coordinates;
            try {
                coordinates = artifacts.coordinates(dependency.trim()).split(":");
            } catch (IllegalArgumentException e) {
                throw new PageException(page + ": include::maven[" + spec + "]: " + e.getMessage());
            }
            xml.append("<dependency>\n")
                    .append("  <groupId>")
                    .append(coordinates[0])
                    .append("</groupId>\n")
                    .append("  <artifactId>")
                    .append(coordinates[1])
                    .append("</artifactId>\n")
                    .append("  <version>")
                    .append(coordinates[2])
                    .append("</version>\n")
                    .append(scope.equals("compile") ? "" : "  <scope>" + scope + "</scope>\n")
                    .append("</dependency>\n");
        }
        return xml.append("```").toString();
    }

    /**
     * {@code include::flowchart[]}: the parts in order as a small Mermaid flowchart, each box the part's number, its
     * title and how long it takes to read.
     */
    private static String flowchart(Chapters chapters, Map<String, Page> rendered) {
        StringBuilder chart = new StringBuilder("```mermaid\nflowchart LR\n");
        List<Map.Entry<Chapters.Part, List<Chapters.Chapter>>> parts =
                List.copyOf(chapters.parts().entrySet());
        if (parts.isEmpty()) {
            throw new PageException(INDEX + ": include::flowchart[] draws the parts: add part::[title] lines");
        }
        for (int i = 0; i < parts.size(); i++) {
            Chapters.Part part = parts.get(i).getKey();
            String label = "Part " + part.number() + "<br>" + part.title() + "<br>about "
                    + minutes(parts.get(i).getValue(), rendered) + " min";
            chart.append("    P")
                    .append(part.number())
                    .append("[\"")
                    .append(label.replace("\"", "'"))
                    .append("\"]");
            chart.append(i + 1 < parts.size() ? " --> P" + (part.number() + 1) + "\n" : "\n");
        }
        return chart.append("```").toString();
    }

    /** Marks where a page's line "Part · about N minutes · summary" goes, once its length is known. */
    private static final String ABOUT = "\u0000about\u0000";

    /** About how long a reader takes over a page: {@link PageFigures#readingMinutes()}. */
    static long readingMinutes(String markdown) {
        return PageFigures.of(markdown).readingMinutes();
    }

    private static String inMinutes(long minutes) {
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    /** How long the pages take together. */
    private static long minutes(List<Chapters.Chapter> pages, Map<String, Page> rendered) {
        return pages.stream()
                .mapToLong(c -> Optional.ofNullable(rendered.get(c.file()))
                        .map(p -> readingMinutes(p.text()))
                        .orElse(0L))
                .sum();
    }

    private static String summary(Chapters.Chapter chapter) {
        return chapter.source()
                .first("summary::")
                .orElseThrow(() -> new PageException(chapter.file()
                        + ": a page needs a line summary::[what the reader learns], for its top and the contents"));
    }

    static final String LIST_START = "<!-- chapters -->";
    static final String LIST_END = "<!-- end of chapters -->";

    /**
     * README.md with its list of the parts written from the page sources, between {@link #LIST_START} and
     * {@link #LIST_END}: each part's title and reading time, and links to its pages.
     */
    String withChapterList(String readme, Map<String, Page> pages) {
        int start = readme.indexOf(LIST_START);
        int end = readme.indexOf(LIST_END);
        if (start < 0 || end < start) {
            throw new PageException("README.md needs the lines " + LIST_START + " and " + LIST_END
                    + ", between which the docs step writes the list of the parts");
        }
        StringBuilder list = new StringBuilder();
        Chapters.in(pagesDir).parts().forEach((part, chapters) -> {
            list.append("- **")
                    .append(part.label())
                    .append("**, about ")
                    .append(inMinutes(minutes(chapters, pages)))
                    .append(": ");
            list.append(chapters.stream()
                    .map(c -> "[" + c.shortTitle() + "](docs/" + c.file() + ")")
                    .collect(Collectors.joining(", ")));
            list.append('\n');
        });
        return readme.substring(0, start + LIST_START.length()) + "\n" + list + readme.substring(end);
    }

    /** The line at the top of a page with code: what the code needs, at this build's versions, and how to use it. */
    private String dependencies(
            String page, String list, List<String> dependencies, String whyCompileOnly, boolean programs) {
        String shown;
        try {
            for (String dependency : list.split(",")) {
                dependencies.add(dependency.trim());
            }
            shown = dependencies.stream()
                    .map(artifacts::coordinates)
                    .map(c -> "`" + c + "`")
                    .collect(Collectors.joining(", "));
        } catch (IllegalArgumentException e) {
            throw new PageException(page + ": include::dependencies[" + list + "]: " + e.getMessage());
        }
        String what = programs ? "Programs need** " : "Code needs** ";
        String checked = whyCompileOnly == null ? "" : " (only compiled, as " + whyCompileOnly + ")";
        return "> **" + what + shown + checked + " · [about the code](README.md#the-code-on-these-pages)";
    }

    private String output(String page, Chapters.Chapter chapter, String name) {
        if (chapter == null) {
            throw new PageException(page + ": include::output[" + name + "]: only a chapter's page shows outputs");
        }
        if (!withOutputs) {
            return "```text\n```";
        }
        Optional<Recorder.Snippet> recorded = recordings.get(chapter.name() + "#" + name);
        if (recorded.isEmpty() && !canonical) {
            return "```text\n```"; // a run that is not the docs' may leave a chapter out (NeedsFeature)
        }
        Recorder.Snippet snippet = recorded.orElseThrow(
                () -> new PageException(page + ": include::output[" + name + "] is not among the walk's"
                        + " outputs in target/walk/" + chapter.name() + "/ (run './mvnw test' first; does the"
                        + " chapter's test call recorder.output(\"" + name + "\", ...)?)"));
        if (canonical && !snippet.suspects().isEmpty()) {
            unregistered.add(page + ": include::output[" + name + "] shows " + snippet.suspects());
        }
        return snippet.markdown() ? snippet.text() : "```" + snippet.language() + "\n" + snippet.text() + "\n```";
    }

    private static String[] split(String page, String kind, String reference) {
        String[] parts = reference.split("#", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new PageException(page + ": include::" + kind + "[" + reference + "] must name Class#name");
        }
        return parts;
    }

    private static String header(String file) {
        return "<!-- Generated by " + PageWriter.DOCS_COMMAND + " from src/test/resources/pages/" + file
                + ": edit that file, not this one. -->\n";
    }

    private static String navigation(Chapters.Chapter previous, Chapters.Chapter next) {
        List<String> links = new ArrayList<>();
        if (previous != null) {
            links.add("← [" + previous.title() + "](" + previous.file() + ")");
        }
        links.add("[Contents](" + INDEX + ")");
        if (next != null) {
            links.add("[" + next.title() + "](" + next.file() + ") →");
        }
        return String.join(" · ", links);
    }

    private static Map<String, Path> indexSources(List<Path> roots) {
        Map<String, Path> index = new LinkedHashMap<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> {
                    Path other = index.putIfAbsent(p.getFileName().toString().replace(".java", ""), p);
                    if (other != null) {
                        throw new PageException("two classes are named " + p.getFileName() + " (" + other + " and " + p
                                + "): include::code[Class#member] names a class by its simple name, so rename one");
                    }
                });
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

    /** A page cannot be generated; the message names the page and what is missing. */
    static final class PageException extends RuntimeException {
        PageException(String message) {
            super(message, null, false, false);
        }
    }
}
