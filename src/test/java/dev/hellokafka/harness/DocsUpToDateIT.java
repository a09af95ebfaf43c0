package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The docs check of {@code ./mvnw verify}: the pages and README.md as the outputs of this build's walk render
 * them, compared with the committed ones. It writes nothing: a difference fails, naming the files and the command
 * that writes them.
 */
class DocsUpToDateIT {

    @Test
    void committedDocsMatchTheWalk() {
        assumeTrue(
                !System.getProperty("kafka.broker", "embedded").equalsIgnoreCase("external")
                        && !System.getProperty("kafka.broker", "embedded").equalsIgnoreCase("testcontainers"),
                "docs/ is checked only against a walk on the embedded broker; this build used another mode.");
        List<String> changed = PageWriter.changed(PageWriter.base(), PageWriter.renderDocs(PageWriter.target()));
        assertEquals(
                List.of(),
                changed,
                "docs/ does not match this walk's outputs: write it with '" + PageWriter.DOCS_COMMAND
                        + "', review 'git diff docs/ README.md' and commit");
    }
}
