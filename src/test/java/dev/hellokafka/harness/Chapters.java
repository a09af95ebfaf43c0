package dev.hellokafka.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chapters in their order: the {@code chapter::[name]} lines of the contents page's source (pages/README.md)
 * are the one list of them. A chapter's name is also its page source ({@code name.md}, which becomes
 * {@code docs/name.md}) and, in camel case, its test class ({@code NothingLostChapter} for {@code nothing-lost}),
 * so that inserting, splitting or reordering chapters changes that list and renames nothing. Numbers ("Step 12 ·
 * Nothing lost") come from the place in the list.
 */
record Chapters(List<Chapter> all) {

    static final String INDEX = "README.md";
    static final String SUFFIX = "Chapter";

    /** A chapter: its name, its place in the list (from 1), and its parsed page source. */
    record Chapter(String name, int number, PageSource source) {

        String file() {
            return name + ".md";
        }

        /** The title as the page source writes it, without a number. */
        String shortTitle() {
            return source.title();
        }

        /** The title with the chapter's number, as pages and the console show it. */
        String title() {
            return "Step " + number + " · " + shortTitle();
        }
    }

    /** The chapters the contents page lists, each page source parsed; fails naming a listed page that is missing. */
    static Chapters in(Path pagesDir) {
        PageSource index = PageSource.parse(INDEX, PageWriter.read(pagesDir.resolve(INDEX)));
        List<Chapter> chapters = new ArrayList<>();
        for (PageSource.Part part : index.parts()) {
            if (part instanceof PageSource.Directive d && d.name().equals("chapter::")) {
                Path file = pagesDir.resolve(d.argument() + ".md");
                if (!Files.isRegularFile(file)) {
                    throw new PageRenderer.PageException(INDEX + ":" + d.line() + ": chapter::[" + d.argument()
                            + "] names a page source that does not exist: " + file.getFileName());
                }
                chapters.add(new Chapter(
                        d.argument(),
                        chapters.size() + 1,
                        PageSource.parse(file.getFileName().toString(), PageWriter.read(file))));
            }
        }
        return new Chapters(List.copyOf(chapters));
    }

    /** The chapters of this project's page sources. */
    static Chapters ofThisProject() {
        return in(PageWriter.base().resolve("src/test/resources/pages"));
    }

    Optional<Chapter> named(String name) {
        return all.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The chapter's place in the list, from 1; after every listed chapter when it is not listed. */
    int placeOf(String name) {
        return named(name).map(Chapter::number).orElse(Integer.MAX_VALUE);
    }

    /** The chapter a test class belongs to, by its name: {@code NothingLostChapter} is {@code nothing-lost}. */
    static String nameOf(Class<?> step) {
        String simple = step.getSimpleName();
        String camel = simple.endsWith(SUFFIX) ? simple.substring(0, simple.length() - SUFFIX.length()) : simple;
        return camel.replaceAll("(?<!^)(?=[A-Z])", "-").toLowerCase(java.util.Locale.ROOT);
    }
}
