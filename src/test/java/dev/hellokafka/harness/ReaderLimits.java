package dev.hellokafka.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limits that keep the tutorial readable for a newcomer on GitHub, checked by {@code ./mvnw verify} on README.md
 * and the pages, so that a later chapter cannot break them unnoticed: README's first command is its *Start here*,
 * early and short; the post's steps (the first part) read in about twenty minutes; no page is too long to hold in
 * mind, every page starts with its navigation, and hardly a line of code or output scrolls sideways.
 */
final class ReaderLimits {

    static final int README_WORDS = 1200;
    static final int WORDS_BEFORE_START_HERE = 300;
    static final int FIRST_PART_VISIBLE_WORDS = 1500;
    static final int FIRST_PART_FOLDED_WORDS = 800;
    static final int PAGE_LINES = 400;
    static final int WIDE_CODE_LINES = 20;
    static final int NAVIGATION_WITHIN = 8;

    private static final Pattern COMMAND_BLOCK = Pattern.compile("^```(bash|sh|shell|console)\\s*$", Pattern.MULTILINE);
    private static final Pattern HEADING = Pattern.compile("^#+ (.*)$", Pattern.MULTILINE);
    private static final Pattern PAGE_LINK = Pattern.compile("\\]\\([\\w.-]+\\.md[^)]*\\)");
    private static final Pattern WHERE_NEXT =
            Pattern.compile("^## Where to go next\\s*$", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    private ReaderLimits() {}

    /**
     * What breaks a limit, one line each; empty if nothing.
     *
     * @param readme README.md
     * @param pages the pages of docs/ in reading order, by file name (the contents page not among them); the last
     *     one must say where to go next
     * @param firstPart the file names of the first part's pages: the primer and the post's steps
     */
    static List<String> problems(String readme, Map<String, String> pages, List<String> firstPart) {
        List<String> problems = new ArrayList<>();
        PageFigures readmeFigures = PageFigures.of(readme);
        if (readmeFigures.visibleWords() > README_WORDS) {
            problems.add("README.md has " + readmeFigures.visibleWords() + " words of text; at most " + README_WORDS
                    + ": move what contributors need to CONTRIBUTING.md");
        }
        Matcher command = COMMAND_BLOCK.matcher(readme);
        if (!command.find()) {
            problems.add("README.md has no command block; its first one is the reader's *Start here*");
        } else {
            String before = readme.substring(0, command.start());
            int words = PageFigures.of(before).visibleWords();
            if (words > WORDS_BEFORE_START_HERE) {
                problems.add("README.md's first command comes after " + words + " words; at most "
                        + WORDS_BEFORE_START_HERE);
            }
            String heading = null;
            for (Matcher h = HEADING.matcher(before); h.find(); ) {
                heading = h.group(1);
            }
            if (heading == null || !heading.strip().equalsIgnoreCase("Start here")) {
                problems.add("README.md's first command block is under '" + heading
                        + "'; it must be the reader's first steps, under '## Start here'");
            }
        }
        int visible = 0;
        int folded = 0;
        List<String> wide = new ArrayList<>();
        for (Map.Entry<String, String> page : pages.entrySet()) {
            String file = page.getKey();
            PageFigures figures = PageFigures.of(page.getValue());
            if (figures.lines() > PAGE_LINES) {
                problems.add("docs/" + file + " has " + figures.lines() + " lines; at most " + PAGE_LINES
                        + " (folded ones count): split the chapter");
            }
            if (page.getValue().lines().limit(NAVIGATION_WITHIN).noneMatch(ReaderLimits::isNavigation)) {
                problems.add("docs/" + file + " has no navigation in its first " + NAVIGATION_WITHIN + " lines");
            }
            if (firstPart.contains(file)) {
                visible += figures.visibleWords();
                folded += figures.foldedWords();
            }
            figures.wideCodeLines().forEach(line -> wide.add(file + ": " + line.length() + " characters: " + line));
        }
        String last = pages.keySet().stream().reduce((first, second) -> second).orElse(null);
        if (last != null && !WHERE_NEXT.matcher(pages.get(last)).find()) {
            problems.add("docs/" + last + " is the last page and has no '## Where to go next' section: say what to"
                    + " read or try after the tutorial");
        }
        if (visible > FIRST_PART_VISIBLE_WORDS || folded > FIRST_PART_FOLDED_WORDS) {
            problems.add("the first part (" + String.join(", ", firstPart) + ") has " + visible + " words of text and "
                    + folded + " folded; at most " + FIRST_PART_VISIBLE_WORDS + " and " + FIRST_PART_FOLDED_WORDS);
        }
        if (wide.size() > WIDE_CODE_LINES) {
            problems.add(wide.size() + " lines of code or output are wider than " + PageFigures.CODE_WIDTH
                    + " characters; at most " + WIDE_CODE_LINES + " may be (a tool's own wide output):\n    "
                    + String.join("\n    ", wide));
        }
        return problems;
    }

    /** A line that links the page to its neighbours and the contents. */
    private static boolean isNavigation(String line) {
        return PAGE_LINK.matcher(line).results().count() >= 2;
    }
}
