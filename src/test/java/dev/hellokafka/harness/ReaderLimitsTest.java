package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReaderLimitsTest {

    private static final String NAV = "<!-- generated -->\n[Contents](README.md) · [Next](two.md) →\n\n# One\n";
    private static final String END = "\n## Where to go next\n\nAnother tutorial.\n";
    private static final String README = "# Project\n\nWhat it is.\n\n## Start here\n\n```bash\n./mvnw test\n```\n";

    @Test
    void pagesWithinTheLimitsPass() {
        assertEquals(
                List.of(), ReaderLimits.problems(README, Map.of("one.md", NAV + "text\n" + END), List.of("one.md")));
    }

    @Test
    void aLongReadmeAndALateOrMisplacedFirstCommandFail() {
        String words = "word ".repeat(301) + "\n";
        List<String> late = ReaderLimits.problems(
                "# Project\n\n" + words + "## Start here\n\n```bash\n./mvnw test\n```\n" + words.repeat(3),
                Map.of(),
                List.of());
        assertEquals(2, late.size(), late.toString());
        assertTrue(late.get(0).startsWith("README.md has 1207 words of text; at most 1200"), late.get(0));
        assertTrue(late.get(1).startsWith("README.md's first command comes after 304 words"), late.get(1));

        List<String> misplaced =
                ReaderLimits.problems("# Project\n\n## Build\n\n```bash\n./mvnw verify\n```\n", Map.of(), List.of());
        assertEquals(
                List.of("README.md's first command block is under 'Build'; it must be the reader's first steps,"
                        + " under '## Start here'"),
                misplaced);
    }

    @Test
    void aLongPageAPageWithoutNavigationAndTooManyWideLinesFail() {
        String wide = "```text\n" + ("x".repeat(101) + "\n").repeat(21) + "```\n";
        List<String> problems = ReaderLimits.problems(
                README,
                Map.of("long.md", NAV + "line\n".repeat(396) + END, "lost.md", "# Lost\n\n" + wide + END),
                List.of());
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.contains("docs/long.md has 404 lines; at most 400 (folded ones count): split the chapter"));
        assertTrue(problems.contains("docs/lost.md has no navigation in its first 8 lines"));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("21 lines of code or output are wider than 100")));
    }

    @Test
    void theFirstPartsWordsAreCountedVisibleAndFolded() {
        String visible = "word ".repeat(1000) + "\n";
        String folded = "<details>\n<summary>more</summary>\n\n" + "word ".repeat(500) + "\n</details>\n";
        Map<String, String> pages =
                Map.of("one.md", NAV + visible + folded + END, "two.md", NAV + visible + folded + END);

        List<String> problems = ReaderLimits.problems(README, pages, List.of("one.md", "two.md"));

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).contains("has 2026 words of text and 1010 folded; at most 1500 and 800"),
                problems.get(0));
        assertEquals(List.of(), ReaderLimits.problems(README, pages, List.of("one.md")));
    }

    @Test
    void theLastPageMustSayWhereToGoNext() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("one.md", NAV + "text\n" + END);
        pages.put("two.md", NAV + "text\n");

        assertEquals(
                List.of("docs/two.md is the last page and has no '## Where to go next' section: say what to read or"
                        + " try after the tutorial"),
                ReaderLimits.problems(README, pages, List.of()));
        pages.remove("two.md");
        assertEquals(List.of(), ReaderLimits.problems(README, pages, List.of()));
    }
}
