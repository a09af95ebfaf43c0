package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The paste check of {@code ./mvnw verify}: every page's Java, pasted as a reader would, compiled and run against
 * a fresh broker of the check's own (the programs create the same topics as the steps, and a reader's broker is
 * fresh too). The code comes from the sources, so this needs no walk; it fails naming each page, block and line
 * that breaks the reader's contract (CONTRIBUTING.md).
 */
class PastedCodeIT {

    /** A page's program runs for a few seconds; this bounds one that hangs. */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    /** The pages' programs mostly wait for the broker, so several run at once. */
    private static final int IN_PARALLEL = 4;

    @Test
    void everyPagesCodeWorksAsPasted() {
        long started = System.nanoTime();
        PasteCheck check =
                new PasteCheck(Artifacts.ofThisJvm(), PageWriter.target().resolve("pasted"));
        List<PasteCheck.Page> checked = new ArrayList<>();
        Map<PasteCheck.Page, String> runAgainst = new HashMap<>();
        List<PasteCheck.Problem> problems;
        try (EmbeddedKafkaBroker fresh = EmbeddedKafkaBroker.start()) {
            for (PageRenderer.Page page : PageWriter.renderer(new Recordings(), false)
                    .withoutOutputs()
                    .render()
                    .values()) {
                if (page.dependencies().isEmpty()
                        || !page.programs().isEmpty()
                        || !page.files().isEmpty()) {
                    continue; // no code, or whole programs and files, which ProgramsIT checks
                }
                PasteCheck.Page pasted =
                        new PasteCheck.Page("docs/" + page.file(), page.text(), page.dependencies(), page.imports());
                checked.add(pasted);
                if (page.compileOnly() == null) {
                    runAgainst.put(pasted, fresh.bootstrapServers());
                }
            }
            problems = check.checkAll(checked, runAgainst, RUN_LIMIT, IN_PARALLEL);
        }
        Console.ofSystemOut(List::of)
                .printCheck(
                        "Every page's code, pasted: " + checked.size() + " compiled, " + runAgainst.size() + " ran",
                        Duration.ofNanos(System.nanoTime() - started),
                        problems);
        assertTrue(
                problems.isEmpty(),
                "the code of "
                        + problems.stream()
                                .map(PasteCheck.Problem::page)
                                .distinct()
                                .count()
                        + " page(s) does not work as pasted (the programs are in target/pasted/):\n  "
                        + problems.stream().map(PasteCheck.Problem::toString).collect(Collectors.joining("\n  ")));
    }
}
