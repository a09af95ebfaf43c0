package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageSourceTest {

    @Test
    void anUnknownDirectiveFailsWithThePageAndTheLine() {
        var e = assertThrows(
                PageRenderer.PageException.class,
                () -> PageSource.parse("produce.md", "# Produce\n\ntext\ninclude::ouput[sent]\n"));
        assertEquals(
                "produce.md:4: unknown directive 'include::ouput'; the known ones are [chapter::, check::compile-only,"
                        + " include::code, include::dependencies, include::file, include::flowchart, include::maven,"
                        + " include::output, include::program, include::run, page::, part::, summary::] (see CONTRIBUTING.md)",
                e.getMessage());
    }

    @Test
    void aMalformedDirectiveFailsSayingWhatItNeeds() {
        var noBracket = assertThrows(
                PageRenderer.PageException.class, () -> PageSource.parse("p.md", "include::output sent\n"));
        assertEquals(
                "p.md:1: 'include::output sent' is not a directive: write name::kind[argument] on a line of"
                        + " its own, e.g. include::output[sent]",
                noBracket.getMessage());
        var noName = assertThrows(
                PageRenderer.PageException.class, () -> PageSource.parse("p.md", "x\n\ninclude::code[Step05]\n"));
        assertEquals(
                "p.md:3: include::code[Step05] needs Class#member in its brackets, e.g."
                        + " include::code[Cluster#createTopic]",
                noName.getMessage());
    }

    @Test
    void directivesAreLinesOfTheirOwnOutsideFencedBlocks() {
        PageSource page = PageSource.parse(
                "p.md",
                "# Title\nsummary::[what it is]\n```text\ninclude::nothing[here]\n```\n"
                        + "text with include::code[A#b] inside\ninclude::output[b]\n");
        assertEquals(
                List.of(
                        new PageSource.Text("# Title\n"),
                        new PageSource.Directive("summary::", "what it is", 2),
                        new PageSource.Text(
                                "```text\ninclude::nothing[here]\n```\ntext with include::code[A#b] inside\n"),
                        new PageSource.Directive("include::output", "b", 7)),
                page.parts());
        assertEquals("what it is", page.first("summary::").orElseThrow());
        assertEquals("Title", page.title());
    }
}
