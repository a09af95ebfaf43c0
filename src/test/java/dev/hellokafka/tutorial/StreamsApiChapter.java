package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.Cluster;
import dev.hellokafka.programs.CountTheWords;
import dev.hellokafka.programs.ReadTheWordCounts;
import dev.hellokafka.programs.SendTheLines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The word count: its topology tested by the reader's own test (TopologyTestDriver, no broker), run with JUnit as
 * the reader's build runs it; then the application, a producer of lines and a reader of the counts, run against
 * the broker.
 */
@ExtendWith(TutorialExtension.class)
class StreamsApiChapter {

    /** What the three lines add to each word's count. */
    private static final Map<String, Long> ADDED =
            Map.of("hello", 2L, "world", 1L, "kafka", 2L, "streams", 2L, "counts", 1L, "words", 1L);

    private static final Pattern COUNT = Pattern.compile("(?m)^offset \\d+: key (\\w+), value (\\d+)$");

    private final Broker broker;
    private final Recorder recorder;

    StreamsApiChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("the topology, tested without a broker by the reader's TopologyTestDriver test")
    void topologyTestDriver() {
        List<List<Object>> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass("dev.hellokafka.programs.CountTheWordsTest"))
                                .build(),
                        new TestExecutionListener() {
                            @Override
                            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                                    failures.add(test.getDisplayName() + ": " + result.getThrowable());
                                }
                                if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
                                    rows.add(List.of(
                                            "`" + method.getJavaClass().getSimpleName() + "`",
                                            "`" + method.getMethodName() + "`",
                                            result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                                                    ? "passed"
                                                    : result.getStatus()
                                                            .toString()
                                                            .toLowerCase()));
                                }
                            }
                        });
        assertEquals(List.of(), failures, "the reader's test of the topology passes");
        assertEquals(1, rows.size(), "its one test ran");
        recorder.table("test", List.of("test class", "test", "result"), rows);
    }

    @Test
    @Order(2)
    @DisplayName("the application counts against the broker what the test driver counted")
    void runningApplication() throws Exception {
        Properties adminProps = broker.clientProperties();
        Cluster.createTopic(adminProps, new NewTopic("word-counts", 1, (short) 1));
        Map<String, Long> before = countsIn(Fixtures.readAll(countsConsumerProps(), "word-counts"));

        Fixtures.forgetLocalState("word-count"); // a first run of the application on this machine
        ProgramRun application = ProgramRun.start(CountTheWords.class, broker); // terminal 2
        application.awaitPrinted("Ctrl-C stops.");
        ProgramRun reader = ProgramRun.start(ReadTheWordCounts.class, broker); // terminal 3
        reader.awaitPrinted("Ctrl-C stops.");
        String sent = ProgramRun.run(SendTheLines.class, broker); // terminal 4
        Map<String, Long> expected = new TreeMap<>(before);
        ADDED.forEach((word, added) -> expected.merge(word, added, Long::sum));
        reader.awaitPrinted("key words, value " + expected.get("words"));
        String read = reader.stop();
        String counted = application.stop();
        int topologyEnd = counted.indexOf("Counting the words");
        recorder.output("topology", counted.substring(0, topologyEnd).strip());
        recorder.output("application", counted.substring(topologyEnd).strip());
        recorder.output("sent", sent);
        recorder.output("counts", read);

        Map<String, Long> printed = new LinkedHashMap<>();
        Matcher m = COUNT.matcher(read);
        List<String> updates = new ArrayList<>();
        while (m.find()) {
            printed.put(m.group(1), Long.parseLong(m.group(2)));
            updates.add(m.group(1));
        }
        Map<String, Long> latest = new TreeMap<>(before);
        latest.putAll(printed);
        assertEquals(expected, latest, "the application counts what the test driver counted: " + read);
        assertEquals(
                List.of("hello", "world", "hello", "kafka", "streams", "kafka", "streams", "counts", "words"),
                updates.subList(updates.size() - 9, updates.size()),
                "one update per word, in the order of the words");
        assertTrue(counted.strip().endsWith("Stopped."), "Ctrl-C closed the application: " + counted);
    }

    private Properties countsConsumerProps() {
        Properties props = broker.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        return props;
    }

    private static Map<String, Long> countsIn(List<ConsumerRecord<String, Long>> records) {
        Map<String, Long> latest = new TreeMap<>();
        records.forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }
}
