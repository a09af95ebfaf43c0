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
    void docsGetsExactlyTheRunsPagesAndTheChangesAreNamed(@TempDir Path docs) throws Exception {
        Files.writeString(docs.resolve("01-same.md"), "same\n");
        Files.writeString(docs.resolve("02-edited.md"), "old text\n");
        Files.writeString(docs.resolve("99-gone.md"), "a chapter that was removed\n");
        Map<String, String> pages = Map.of("01-same.md", "same\n", "02-edited.md", "new text\n", "03-new.md", "new\n");

        List<String> changed = PageWriter.updateDocs(docs, pages);

        assertEquals(
                List.of("02-edited.md", "03-new.md", "99-gone.md (no longer generated, removed)"),
                changed.stream().sorted().toList());
        assertEquals("new text\n", Files.readString(docs.resolve("02-edited.md")));
        assertFalse(Files.exists(docs.resolve("99-gone.md")));
        assertEquals(List.of(), PageWriter.updateDocs(docs, pages), "a second run with the same pages changes nothing");
    }
}
