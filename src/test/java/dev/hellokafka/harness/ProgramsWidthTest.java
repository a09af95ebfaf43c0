package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pages show the programs (and the testing chapter's application and tests) whole, and GitHub makes a reader
 * scroll sideways past 100 characters: their formatter keeps code within that (AOSP style), and this keeps the
 * comments too.
 */
class ProgramsWidthTest {

    static final int WIDTH = 100;

    @Test
    void noLineOfAProgramIsWiderThanAPage() throws IOException {
        assertEquals(List.of(), tooWide(PageWriter.base().resolve(PageWriter.PROGRAMS)), "lines over " + WIDTH);
        assertEquals(
                List.of(),
                tooWide(PageWriter.base().resolve("src/test/java/dev/hellokafka/tutorial/testing")),
                "lines over " + WIDTH + " in the testing chapter's application and tests");
        assertEquals(List.of(), tooWide(PageWriter.base().resolve(PageWriter.PROGRAM_TESTS)), "lines over " + WIDTH);
    }

    static List<String> tooWide(Path dir) throws IOException {
        List<String> wide = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).length() > WIDTH) {
                        wide.add(dir.relativize(file) + ":" + (i + 1));
                    }
                }
            }
        }
        return wide;
    }
}
