package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check of {@code ./mvnw verify} that README.md and docs/ keep the limits a newcomer needs ({@link ReaderLimits}). */
class ReaderLimitsIT {

    @Test
    void readmeAndPagesKeepTheReadersLimits() {
        Chapters chapters = Chapters.ofThisProject();
        Map<String, String> pages = new LinkedHashMap<>();
        chapters.all()
                .forEach(c -> pages.put(
                        c.file(),
                        PageWriter.read(PageWriter.base().resolve("docs").resolve(c.file()))));
        List<String> firstPart = chapters.parts().values().stream()
                .findFirst()
                .map(part -> part.stream().map(Chapters.Chapter::file).toList())
                .orElse(List.of());

        List<String> problems =
                ReaderLimits.problems(PageWriter.read(PageWriter.base().resolve("README.md")), pages, firstPart);

        assertTrue(
                problems.isEmpty(),
                "README.md and docs/ must stay readable, and do not:\n  " + String.join("\n  ", problems));
    }
}
