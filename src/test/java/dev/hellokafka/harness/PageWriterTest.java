package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageWriterTest {

    @Test
    void docsGetsExactlyTheRenderedPagesAndTheChangesAreNamed(@TempDir Path base) throws Exception {
        Path docs = Files.createDirectories(base.resolve("docs"));
        Files.writeString(docs.resolve("same.md"), "same\n");
        Files.writeString(docs.resolve("edited.md"), "old text\n");
        Files.writeString(docs.resolve("gone.md"), "a chapter that was removed\n");
        Map<String, String> files = Map.of(
                "docs/same.md", "same\n", "docs/edited.md", "new text\n", "docs/new.md", "new\n", "README.md", "r\n");

        assertEquals(
                List.of(
                        "README.md (new)",
                        "docs/edited.md (line 1: committed 'old text', this walk 'new text')",
                        "docs/gone.md (no longer generated)",
                        "docs/new.md (new)"),
                PageWriter.changed(base, files).stream().sorted().toList(),
                "the check names every difference");
        assertEquals("old text\n", Files.readString(docs.resolve("edited.md")), "and writes nothing");

        PageWriter.write(base, files);

        assertEquals("new text\n", Files.readString(docs.resolve("edited.md")));
        assertFalse(Files.exists(docs.resolve("gone.md")));
        assertEquals(List.of(), PageWriter.changed(base, files), "once written, nothing differs");
    }
}
