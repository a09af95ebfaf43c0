package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The reader's contract of the chapters' programs, checked at {@code ./mvnw verify} (CONTRIBUTING.md): every
 * program a page shows compiles alone with the page's artifacts, and runs against a fresh broker like the
 * playground, in the order of the chapters, as a reader runs them one after another. A page marked
 * {@code check::compile-only} has its programs compiled only.
 */
class ProgramsIT {

    @Test
    void everyProgramCompilesAloneAndRunsAsAReaderRunsIt() {
        long started = System.nanoTime();
        ProgramCheck check = new ProgramCheck(
                Artifacts.ofThisJvm(),
                PageWriter.base().resolve(PageWriter.PROGRAMS),
                PageWriter.target().resolve("programs"));
        Map<String, PageRenderer.Page> pageOf = new LinkedHashMap<>(); // each program, where it is first shown
        for (PageRenderer.Page page : PageWriter.renderer(new Recordings(), false)
                .withoutOutputs()
                .render()
                .values()) {
            page.programs().forEach(program -> pageOf.putIfAbsent(program, page));
        }
        pageOf.putIfAbsent(ProgramCheck.SHARED, pageOf.values().iterator().next());
        List<ProgramCheck.Problem> problems = new ArrayList<>();
        int ran = 0;
        try (EmbeddedKafkaBroker fresh =
                EmbeddedKafkaBroker.start(0, null, EmbeddedKafkaBroker.Options.PLAYGROUND, Map.of(), List.of())) {
            for (Map.Entry<String, PageRenderer.Page> program : pageOf.entrySet()) {
                PageRenderer.Page page = program.getValue();
                List<ProgramCheck.Problem> compiled =
                        check.compile(program.getKey(), "docs/" + page.file(), page.dependencies());
                problems.addAll(compiled);
                if (compiled.isEmpty()
                        && page.compileOnly() == null
                        && !program.getKey().equals(ProgramCheck.SHARED)) {
                    problems.addAll(check.run(
                            program.getKey(), "docs/" + page.file(), page.dependencies(), fresh.bootstrapServers()));
                    ran++;
                }
            }
        }
        Console.ofSystemOut(List::of)
                .printCheck(
                        "Every program: " + pageOf.size() + " compiled alone, " + ran + " ran",
                        Duration.ofNanos(System.nanoTime() - started),
                        problems);
        assertTrue(
                problems.isEmpty(),
                problems.size() + " program(s) do not keep the reader's contract (their classes are in"
                        + " target/programs/):\n  "
                        + problems.stream().map(Object::toString).collect(Collectors.joining("\n  ")));
    }
}
