package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reader's contract of the chapters' programs, checked at {@code ./mvnw verify} (CONTRIBUTING.md): every
 * program a page shows compiles alone with the page's artifacts, and runs against a fresh broker like the
 * playground, in the order of the chapters, as a reader runs them one after another. A page marked
 * {@code check::compile-only} has its programs compiled only. {@code -Dprograms.bootstrap.servers=host:port} runs
 * them against that cluster instead, new and otherwise unused, such as a stock broker of a Kafka download.
 */
class ProgramsIT {

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // every program in turn; each has a minute of its own
    void everyProgramCompilesAloneAndRunsAsAReaderRunsIt() {
        long started = System.nanoTime();
        ProgramCheck check = new ProgramCheck(
                Artifacts.ofThisJvm(),
                PageWriter.base().resolve(PageWriter.PROGRAMS),
                PageWriter.target().resolve("programs"));
        Map<String, PageRenderer.Page> pageOf = new LinkedHashMap<>(); // each program, where it is first shown
        List<PageRenderer.Page> pages = List.copyOf(PageWriter.renderer(new Recordings(), false)
                .withoutOutputs()
                .render()
                .values());
        for (PageRenderer.Page page : pages) {
            page.programs().forEach(program -> pageOf.putIfAbsent(program, page));
        }
        pageOf.putIfAbsent(ProgramCheck.SHARED, pageOf.values().iterator().next());
        List<ProgramCheck.Problem> problems = new ArrayList<>();
        int files = 0;
        for (PageRenderer.Page page : pages) {
            if (!page.files().isEmpty()) {
                problems.addAll(
                        check.compileFiles("docs/" + page.file(), page.files(), page.programs(), page.dependencies()));
                files += page.files().size();
            }
        }
        int ran = 0;
        // -Dprograms.bootstrap.servers runs them against that cluster instead, a stock broker say.
        String cluster = System.getProperty("programs.bootstrap.servers");
        try (EmbeddedKafkaBroker fresh = cluster != null
                ? null
                : EmbeddedKafkaBroker.start(0, null, EmbeddedKafkaBroker.Options.PLAYGROUND, Map.of(), List.of())) {
            String bootstrapServers = cluster != null ? cluster : fresh.bootstrapServers();
            for (Map.Entry<String, PageRenderer.Page> program : pageOf.entrySet()) {
                PageRenderer.Page page = program.getValue();
                List<ProgramCheck.Problem> compiled =
                        check.compile(program.getKey(), "docs/" + page.file(), page.dependencies());
                problems.addAll(compiled);
                if (compiled.isEmpty()
                        && page.compileOnly() == null
                        && !program.getKey().equals(ProgramCheck.SHARED)) {
                    problems.addAll(
                            check.run(program.getKey(), "docs/" + page.file(), page.dependencies(), bootstrapServers));
                    ran++;
                }
            }
        }
        Console.ofSystemOut(List::of)
                .printCheck(
                        "Every program: " + pageOf.size() + " compiled alone, " + ran + " ran; " + files
                                + " files compiled",
                        Duration.ofNanos(System.nanoTime() - started),
                        problems);
        assertTrue(
                problems.isEmpty(),
                problems.size() + " program(s) do not keep the reader's contract (their classes are in"
                        + " target/programs/):\n  "
                        + problems.stream().map(Object::toString).collect(Collectors.joining("\n  ")));
    }
}
