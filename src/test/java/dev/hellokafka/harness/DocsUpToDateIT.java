package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The docs check of {@code ./mvnw verify}: the walk of this build regenerated docs/ and compared it with the
 * pages that were there before; any difference means the committed docs/ did not match the run.
 */
class DocsUpToDateIT {

    @Test
    void committedDocsMatchTheRun() throws IOException {
        Path report = PageWriter.target().resolve(PageWriter.REPORT);
        assertTrue(
                Files.exists(report),
                "The full walk did not run in this build, so docs/ could not be checked."
                        + " Run './mvnw verify' without -Dtest.");
        Properties found = new Properties();
        try (Reader reader = Files.newBufferedReader(report)) {
            found.load(reader);
        }
        if (found.getProperty("status").equals("not-canonical")) {
            abort("docs/ is checked only on the embedded broker; this build used another mode.");
        }
        assertEquals(
                "up-to-date",
                found.getProperty("status"),
                "docs/ did not match the walk: "
                        + found.getProperty("changed")
                        + ". The walk has rewritten them: review with 'git diff docs/ README.md',"
                        + " commit them, and run './mvnw verify' again.");
    }
}
