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
                () -> PageSource.parse("05-produce.md", "# Produce\n\ntext\ninclude::ouput[Step05#sent]\n"));
        assertEquals(
                "05-produce.md:4: unknown directive 'include::ouput'; the known ones are [check::compile-only,"
                        + " include::chapters, include::code, include::dependencies, include::flowchart,"
                        + " include::maven, include::output, summary::] (see CONTRIBUTING.md)",
                e.getMessage());
    }

    @Test
    void aMalformedDirectiveFailsSayingWhatItNeeds() {
        var noBracket = assertThrows(
                PageRenderer.PageException.class, () -> PageSource.parse("p.md", "include::output Step05#sent\n"));
        assertEquals(
                "p.md:1: 'include::output Step05#sent' is not a directive: write name::kind[argument] on a line of"
                        + " its own, e.g. include::output[Step05ProduceTheRecords#sent]",
                noBracket.getMessage());
        var noName = assertThrows(
                PageRenderer.PageException.class, () -> PageSource.parse("p.md", "x\n\ninclude::code[Step05]\n"));
        assertEquals(
                "p.md:3: include::code[Step05] needs Class#tag in its brackets, e.g."
                        + " include::code[Step05ProduceTheRecords#send]",
                noName.getMessage());
    }

    @Test
    void directivesAreLinesOfTheirOwnOutsideFencedBlocks() {
        PageSource page = PageSource.parse(
                "p.md",
                "# Title\nsummary::[what it is]\n```text\ninclude::nothing[here]\n```\n"
                        + "text with include::code[A#b] inside\ninclude::output[A#b]\n");
        assertEquals(
                List.of(
                        new PageSource.Text("# Title\n"),
                        new PageSource.Directive("summary::", "what it is", 2),
                        new PageSource.Text(
                                "```text\ninclude::nothing[here]\n```\ntext with include::code[A#b] inside\n"),
                        new PageSource.Directive("include::output", "A#b", 7)),
                page.parts());
        assertEquals("what it is", page.first("summary::").orElseThrow());
        assertEquals("Title", page.title());
    }
}
