package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MermaidTest {

    @Test
    void acceptsEveryDiagramOfThePages() throws IOException {
        try (Stream<Path> pages = Files.list(Path.of("src/test/resources/pages"))) {
            List<Path> sources = pages.filter(p -> p.toString().endsWith(".md")).toList();
            long diagrams = 0;
            for (Path source : sources) {
                String text = Files.readString(source);
                assertEquals(List.of(), Mermaid.problems(source.getFileName().toString(), text));
                diagrams += text.split("```mermaid", -1).length - 1;
            }
            assertTrue(diagrams >= 10, "the pages have their diagrams: " + diagrams);
        }
    }

    @Test
    void rejectsUnquotedParenthesesInAShape() {
        assertEquals(
                List.of("p.md:3: not a statement Mermaid reads as meant: 'A[count (state)] --> B' (nodes as id,"
                        + " id[text] or id[\"text\"], arrows -->, ---, -.->, ==>, labels |\"text\"|; quote text with"
                        + " ( ) [ ] { } : # & ; < >)"),
                Mermaid.problems("p.md", "```mermaid\nflowchart LR\n    A[count (state)] --> B\n```\n"));
    }

    @Test
    void rejectsASubgraphThatIsNeverClosed() {
        assertEquals(
                List.of("p.md:5: opened here and never closed with 'end'"),
                Mermaid.problems(
                        "p.md", "text\n\n```mermaid\nflowchart LR\n    subgraph X[\"x\"]\n    A --> B\n```\n"));
    }

    @Test
    void rejectsAnEndThatClosesNothing() {
        assertEquals(
                List.of("p.md:4: 'end' closes nothing"),
                Mermaid.problems("p.md", "```mermaid\nflowchart TD\n    A --> B\n    end\n```\n"));
    }

    @Test
    void rejectsAMessageWithoutItsReceiver() {
        List<String> problems =
                Mermaid.problems("p.md", "```mermaid\nsequenceDiagram\n    participant P as p\n    P->>: x\n```\n");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).startsWith("p.md:4: not a statement Mermaid reads as meant: 'P->>: x'"),
                problems.get(0));
    }

    @Test
    void rejectsADiagramTypeThePagesDoNotUse() {
        assertEquals(
                List.of("p.md:2: the diagram starts with 'graph LR'; the pages use 'flowchart LR' (or TB, TD,"
                        + " RL, BT) and 'sequenceDiagram'"),
                Mermaid.problems("p.md", "```mermaid\ngraph LR\n    A --> B\n```\n"));
    }
}
