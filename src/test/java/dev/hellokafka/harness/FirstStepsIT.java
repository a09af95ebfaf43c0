package dev.hellokafka.harness;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The post's steps as a new reader takes them: against a fresh broker like the playground, the programs of
 * steps 2 to 6 run once each, in order, each a process of its own as {@code ./mvnw exec:java} would start it;
 * each prints what its page shows (run values aside). Step 6's consumer, left running, prints the records a
 * producer sends from another process, and Ctrl-C (SIGINT) stops it cleanly.
 */
class FirstStepsIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final Recordings pages = Recordings.load(PageWriter.recorded(PageWriter.target()));
    private final List<Path> classPath = classPath();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // five JVMs, one after another, each with a limit of its own
    void theProgramsOfTheFirstStepsPrintWhatTheirPagesShow() throws Exception {
        try (EmbeddedKafkaBroker playground =
                EmbeddedKafkaBroker.start(0, null, EmbeddedKafkaBroker.Options.PLAYGROUND, Map.of(), List.of())) {
            String bootstrap = playground.bootstrapServers();
            Map<String, String> runValues = new HashMap<>();
            runValues.put(bootstrap, "localhost:<port>");

            assertPrintsItsPage("CreateTheTopic", bootstrap, "create-the-topic#created", runValues);
            assertPrintsItsPage("ListTheTopics", bootstrap, "list-the-topics#names", runValues);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                String topicId = admin.describeTopics(List.of("sample"))
                        .allTopicNames()
                        .get()
                        .get("sample")
                        .topicId()
                        .toString();
                runValues.put(topicId, "<topic-id>");
            }
            assertPrintsItsPage("DescribeTheTopic", bootstrap, "describe-the-topic#describe", runValues);
            assertPrintsItsPage("ProduceTheRecords", bootstrap, "produce#sent", runValues);

            Process consumer = start("WatchTheTopic", bootstrap); // the second terminal
            StringBuilder watched = new StringBuilder();
            awaitLine(consumer, watched, "Ctrl-C stops.");
            assertEquals(0, run("ProduceTheRecords", bootstrap).exitCode(), "the third terminal's producer");
            awaitLine(consumer, watched, "offset 3:");
            new ProcessBuilder("kill", "-INT", String.valueOf(consumer.pid()))
                    .start()
                    .waitFor(); // Ctrl-C
            assertTrue(consumer.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "Ctrl-C stopped the consumer");
            watched.append(new String(consumer.getInputStream().readAllBytes(), UTF_8));
            assertEquals(
                    page("consume#watched"),
                    normalized(watched.toString(), runValues),
                    "step 6's consumer printed the records sent from another terminal, as its page shows");
            assertEquals(130, consumer.exitValue(), "the exit code of a JVM stopped by SIGINT, after its hooks ran");

            Process reader = start("ReadTheTopic", bootstrap);
            StringBuilder read = new StringBuilder();
            awaitLine(reader, read, "offset 3:");
            new ProcessBuilder("kill", "-INT", String.valueOf(reader.pid()))
                    .start()
                    .waitFor();
            assertTrue(reader.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "Ctrl-C stopped the reader");
            read.append(new String(reader.getInputStream().readAllBytes(), UTF_8));
            assertEquals(page("consume#read"), normalized(read.toString(), runValues), "as its page shows");
        }
    }

    private void assertPrintsItsPage(String program, String bootstrap, String output, Map<String, String> runValues)
            throws Exception {
        Printed printed = run(program, bootstrap);
        assertEquals(0, printed.exitCode(), program + " ended cleanly: " + printed.text());
        assertEquals(page(output), normalized(printed.text(), runValues), program + " printed what its page shows");
    }

    private String page(String output) {
        return pages.get(output)
                .orElseThrow(
                        () -> new AssertionError("no output " + output + " in target/walk/: run ./mvnw test first"))
                .text();
    }

    /** The run's values replaced as the walk replaces them, timestamps as they stand on the pages. */
    private static String normalized(String text, Map<String, String> runValues) {
        Normalizer normalizer = new Normalizer(runValues);
        String normalized = normalizer.normalize(text).stripTrailing();
        return normalized.replaceAll("timestamp \\d{13}", "timestamp <timestamp>");
    }

    private record Printed(String text, int exitCode) {}

    private Printed run(String program, String bootstrap) throws IOException, InterruptedException {
        Process process = start(program, bootstrap);
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), program + " ended");
        return new Printed(new String(out, UTF_8), process.exitValue());
    }

    /** A program in a process of its own, as a reader starts it, its errors (Kafka's logs) out of its output. */
    private Process start(String program, String bootstrap) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(String.join(
                File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(ProgramCheck.PACKAGE + "." + program);
        command.add(bootstrap);
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Reads the process's output until a line with this text has come, within the limit. */
    private static void awaitLine(Process process, StringBuilder printed, String text) throws IOException {
        InputStream out = process.getInputStream();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        StringBuilder line = new StringBuilder();
        while (System.nanoTime() < deadline) {
            int c = out.read();
            if (c < 0) {
                throw new AssertionError("the program ended before it printed '" + text + "': " + printed);
            }
            printed.append((char) c);
            line.append((char) c);
            if (c == '\n') {
                if (line.toString().contains(text)) {
                    return;
                }
                line.setLength(0);
            }
        }
        throw new AssertionError("no line with '" + text + "' within " + LIMIT.toSeconds() + " s: " + printed);
    }

    /** The programs' classes, and kafka-clients with what it needs at run time: a reader's project. */
    private static List<Path> classPath() {
        List<Path> paths = new ArrayList<>(List.of(PageWriter.base().resolve("target/classes")));
        paths.addAll(Artifacts.ofThisJvm().jars(List.of("org.apache.kafka:kafka-clients"), Artifacts.Scope.RUNTIME));
        return paths;
    }
}
