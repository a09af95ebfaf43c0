package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.programs.CreateTheTopic;
import dev.hellokafka.programs.DescribeTheTopic;
import dev.hellokafka.programs.ListTheTopics;
import dev.hellokafka.programs.ProduceTheRecords;
import dev.hellokafka.programs.ReadTheTopic;
import dev.hellokafka.programs.WatchTheTopic;
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

    private final Recordings pages = Recordings.load(PageWriter.recorded(PageWriter.target()));

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // five JVMs, one after another, each with a limit of its own
    void theProgramsOfTheFirstStepsPrintWhatTheirPagesShow() throws Exception {
        try (EmbeddedKafkaBroker playground =
                EmbeddedKafkaBroker.start(0, null, EmbeddedKafkaBroker.Options.PLAYGROUND, Map.of(), List.of())) {
            String bootstrap = playground.bootstrapServers();
            Map<String, String> runValues = new HashMap<>();
            runValues.put(bootstrap, "localhost:<port>");

            assertPrintsItsPage(CreateTheTopic.class, bootstrap, "create-the-topic#created", runValues);
            assertPrintsItsPage(ListTheTopics.class, bootstrap, "list-the-topics#names", runValues);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                String topicId = admin.describeTopics(List.of("sample"))
                        .allTopicNames()
                        .get()
                        .get("sample")
                        .topicId()
                        .toString();
                runValues.put(topicId, "<topic-id>");
            }
            assertPrintsItsPage(DescribeTheTopic.class, bootstrap, "describe-the-topic#describe", runValues);
            assertPrintsItsPage(ProduceTheRecords.class, bootstrap, "produce#sent", runValues);

            try (ProgramProcess consumer = ProgramProcess.start(WatchTheTopic.class, bootstrap)) { // terminal 2
                consumer.awaitPrinted("Ctrl-C stops.");
                try (ProgramProcess producer = ProgramProcess.start(ProduceTheRecords.class, bootstrap)) {
                    assertEquals(0, producer.awaitEnd(), "the third terminal's producer");
                }
                consumer.awaitPrinted("offset 3:");
                assertEquals(
                        ProgramProcess.interruptedExitCode(),
                        consumer.interrupt(),
                        "the exit code of a JVM stopped by Ctrl-C, after its hooks");
                assertEquals(
                        page("consume#watched"),
                        normalized(consumer.printed(), runValues),
                        "step 6's consumer printed the records sent from another terminal, as its page shows");
            }
            try (ProgramProcess reader = ProgramProcess.start(ReadTheTopic.class, bootstrap)) {
                reader.awaitPrinted("offset 3:");
                assertEquals(ProgramProcess.interruptedExitCode(), reader.interrupt(), "Ctrl-C stopped the reader");
                assertEquals(page("consume#read"), normalized(reader.printed(), runValues), "as its page shows");
            }
        }
    }

    /**
     * README's *Start here*, as a reader copies it: the playground, then a producer and a reader of the topic, which
     * the producer's first record creates. The commands are read from README.md, so that it cannot drift.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void readmesStartHereShowsARecordGoingInAndComingOut() throws Exception {
        List<String> commands = startHere(PageWriter.read(PageWriter.base().resolve("README.md")));
        assertEquals(
                List.of(
                        "./mvnw -q compile exec:java",
                        PageRenderer.RUN_COMMAND + "ProduceTheRecords",
                        PageRenderer.RUN_COMMAND + "ReadTheTopic"),
                commands,
                "README's Start here: the playground, a producer, a reader, as this test runs them");
        try (EmbeddedKafkaBroker playground =
                EmbeddedKafkaBroker.start(0, null, EmbeddedKafkaBroker.Options.PLAYGROUND, Map.of(), List.of())) {
            String bootstrap = playground.bootstrapServers();
            Map<String, String> runValues = Map.of(bootstrap, "localhost:<port>");
            assertPrintsItsPage(ProduceTheRecords.class, bootstrap, "produce#sent", runValues);
            try (ProgramProcess reader = ProgramProcess.start(ReadTheTopic.class, bootstrap)) {
                reader.awaitPrinted("offset 1:");
                assertEquals(ProgramProcess.interruptedExitCode(), reader.interrupt(), "Ctrl-C stopped the reader");
                assertEquals(
                        List.of(
                                "offset 0: key null, value Hello, World!",
                                "offset 1: key message-two, value This is the Java client",
                                "Stopped."),
                        reader.printed().lines().skip(1).toList(),
                        "the records came out as they went in");
            }
        }
    }

    /** The commands of README's first command block under "## Start here", without their comments. */
    static List<String> startHere(String readme) {
        int heading = readme.indexOf("\n## Start here\n");
        int start = readme.indexOf("```bash\n", heading);
        if (heading < 0 || start < 0) {
            throw new AssertionError("README.md has no '## Start here' with a ```bash block");
        }
        int end = readme.indexOf("```", start + 8);
        return readme.substring(start + 8, end)
                .lines()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
    }

    private void assertPrintsItsPage(Class<?> program, String bootstrap, String output, Map<String, String> runValues)
            throws Exception {
        try (ProgramProcess run = ProgramProcess.start(program, bootstrap)) {
            assertEquals(0, run.awaitEnd(), program.getSimpleName() + " ended cleanly: " + run.printed());
            assertEquals(
                    page(output),
                    normalized(run.printed(), runValues),
                    program.getSimpleName() + " printed what its page shows");
        }
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
}
