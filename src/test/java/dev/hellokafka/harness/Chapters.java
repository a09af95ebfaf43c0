package dev.hellokafka.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The chapters in their order: the {@code chapter::[name]} lines of the contents page's source (pages/README.md)
 * are the one list of them, grouped in parts by its {@code part::[title]} lines; a {@code page::[name]} line there
 * is a page without a number or a test (the primer). A chapter's name is also its page source ({@code name.md},
 * which becomes {@code docs/name.md}) and, in camel case, its test class ({@code NothingLostChapter} for
 * {@code nothing-lost}), so that inserting, splitting or reordering chapters changes that list and renames
 * nothing. Numbers ("Chapter 11 · Nothing lost") come from the place in the list.
 */
record Chapters(List<Chapter> all) {

    static final String INDEX = "README.md";
    static final String SUFFIX = "Chapter";

    /**
     * A part of the tutorial: the contents page's {@code part::[title]} line and the chapters after it. Its
     * number counts from 1.
     */
    record Part(int number, String title) {

        /** The part as a page's header and the contents show it: "Part 1 · The post's six steps". */
        String label() {
            return "Part " + number + " · " + title;
        }
    }

    /**
     * A page in the reading order: its name, its number (from 1; 0 for a page that has none, such as the primer
     * a {@code page::[name]} line lists), its parsed page source, and its part ({@code null} when the contents
     * page has no parts). The chapters of the first part are the post's steps: "Step 3", the others "Chapter 9".
     */
    record Chapter(String name, int number, PageSource source, Part part) {

        String file() {
            return name + ".md";
        }

        /** The title as the page source writes it, without a number. */
        String shortTitle() {
            return source.title();
        }

        /** "Step" for the post's steps (the first part), "Chapter" for the others. */
        String word() {
            return part != null && part.number() == 1 ? "Step" : "Chapter";
        }

        boolean numbered() {
            return number > 0;
        }

        /** The title with the chapter's number, as pages and the console show it: "Step 3 · List the topics". */
        String title() {
            return numbered() ? word() + " " + number + " · " + shortTitle() : shortTitle();
        }

        /** How a link in running text names it: "step 3", "chapter 12", or the title of a page without a number. */
        String reference(boolean capitalized) {
            if (!numbered()) {
                return shortTitle();
            }
            return (capitalized ? word() : word().toLowerCase(Locale.ROOT)) + " " + number;
        }
    }

    /**
     * The pages the contents page lists, each page source parsed, in its parts; fails naming a listed page that is
     * missing.
     */
    static Chapters in(Path pagesDir) {
        PageSource index = PageSource.parse(INDEX, PageWriter.read(pagesDir.resolve(INDEX)));
        List<Chapter> chapters = new ArrayList<>();
        Part part = null;
        int number = 0;
        for (PageSource.Part line : index.parts()) {
            if (!(line instanceof PageSource.Directive d)) {
                continue;
            }
            if (d.name().equals("part::")) {
                part = new Part(part == null ? 1 : part.number() + 1, d.argument());
            } else if (d.name().equals("chapter::") || d.name().equals("page::")) {
                Path file = pagesDir.resolve(d.argument() + ".md");
                if (!Files.isRegularFile(file)) {
                    throw new PageRenderer.PageException(INDEX + ":" + d.line() + ": " + d.name() + "[" + d.argument()
                            + "] names a page source that does not exist: " + file.getFileName());
                }
                boolean numbered = d.name().equals("chapter::");
                chapters.add(new Chapter(
                        d.argument(),
                        numbered ? ++number : 0,
                        PageSource.parse(file.getFileName().toString(), PageWriter.read(file)),
                        part));
            }
        }
        return new Chapters(List.copyOf(chapters));
    }

    /** The parts, in order, each with its pages. */
    Map<Part, List<Chapter>> parts() {
        Map<Part, List<Chapter>> parts = new LinkedHashMap<>();
        for (Chapter chapter : all) {
            if (chapter.part() != null) {
                parts.computeIfAbsent(chapter.part(), p -> new ArrayList<>()).add(chapter);
            }
        }
        return parts;
    }

    /** The chapters of this project's page sources. */
    static Chapters ofThisProject() {
        return in(PageWriter.base().resolve("src/test/resources/pages"));
    }

    Optional<Chapter> named(String name) {
        return all.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The chapter's place in the list, from 0; after every listed chapter when it is not listed. */
    int placeOf(String name) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The chapter a test class belongs to, by its name: {@code NothingLostChapter} is {@code nothing-lost}. */
    static String nameOf(Class<?> step) {
        String simple = step.getSimpleName();
        String camel = simple.endsWith(SUFFIX) ? simple.substring(0, simple.length() - SUFFIX.length()) : simple;
        return camel.replaceAll("(?<!^)(?=[A-Z])", "-").toLowerCase(Locale.ROOT);
    }
}
