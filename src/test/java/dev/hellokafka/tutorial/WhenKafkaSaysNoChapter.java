package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.SendToAMissingTopic;
import dev.hellokafka.programs.SendTooLargeRecords;
import dev.hellokafka.programs.TryTopicNames;
import dev.hellokafka.programs.TryTopicSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class WhenKafkaSaysNoChapter {

    /**
     * An answer as the chapter's programs print it: the request, a colon, and "created, ..." or the refusal's
     * class, which the refusal's message follows on a line of its own, indented.
     */
    private static final Pattern ANSWER = Pattern.compile("(?m)^(.+): (created.*|written.*|\\w+)$(?:\\n    (.*)$)?");

    private final Broker broker;
    private final Recorder recorder;

    WhenKafkaSaysNoChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    /** What the broker or the producer answered to a request: created, or a refusal and its message. */
    record Answer(String outcome, String message) {}

    @Test
    @Order(1)
    @DisplayName("topic names: illegal characters, too long, and names that collide")
    void topicNames() throws Exception {
        String printed = ProgramRun.run(TryTopicNames.class, broker);
        recorder.output("names", printed);
        Map<String, Answer> answers = answers(printed);

        assertEquals("InvalidTopicException", answers.get("'hello world!'").outcome(), printed);
        assertEquals("InvalidTopicException", answers.get("'ttt...t'").outcome(), printed);
        assertTrue(answers.get("'ttt...t'").message().contains("longer than the max allowed length 249"), printed);
        assertTrue(
                answers.get("'metrics.eu'").outcome().startsWith("created")
                        || answers.get("'metrics.eu'").outcome().equals("TopicExistsException"), // an earlier run's
                "a name with a dot is fine: " + printed);
        assertEquals(
                new Answer("InvalidTopicException", "Topic 'metrics_eu' collides with existing topic: metrics.eu"),
                answers.get("'metrics_eu'"),
                "a name that differs from another only in '.' and '_' is refused");
    }

    @Test
    @Order(2)
    @DisplayName("topics: one that exists, zero partitions, more replicas than brokers")
    void topicSettings() throws Exception {
        SampleTopic.ensureExists(broker);
        int brokers;
        try (Admin admin = Admin.create(broker.clientProperties())) {
            brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        }
        String printed = ProgramRun.run(TryTopicSettings.class, broker);
        recorder.output("settings", printed);
        Map<String, Answer> answers = answers(printed);

        assertEquals(
                "TopicExistsException",
                answers.get("sample with 1 partition(s), replication factor 1").outcome(),
                printed);
        assertEquals(
                "InvalidPartitionsException",
                answers.get("no-partitions with 0 partition(s), replication factor 1")
                        .outcome(),
                printed);
        assertEquals(
                "InvalidPartitionsException",
                answers.get("negative-partitions with -2 partition(s), replication factor 1")
                        .outcome(),
                printed);
        assertEquals(
                "InvalidReplicationFactorException",
                answers.get("too-many-replicas with 1 partition(s), replication factor " + (brokers + 1))
                        .outcome(),
                printed);
        if (broker.isNewForThisRun()) { // on a used cluster, an earlier run created it
            assertEquals(
                    "created, with 1 partition(s)",
                    answers.get("default-partitions with -1 partition(s), replication factor 1")
                            .outcome(),
                    "-1 asks for the broker's default, num.partitions, which is 1: " + printed);
        }
    }

    @Test
    @Order(3)
    @DisplayName("producing to a topic that does not exist fails after max.block.ms")
    void missingTopic() throws Exception {
        boolean createsOnFirstUse =
                Fixtures.createsTopicsOnFirstUse(broker); // an external cluster may; the walk's broker does not
        String printed = ProgramRun.run(SendToAMissingTopic.class, broker);
        recorder.output("missing-topic", printed);
        if (createsOnFirstUse) {
            assertTrue(printed.startsWith("Written to no-such-topic"), "the cluster created the topic: " + printed);
            return;
        }
        assertEquals(
                List.of(
                        "Not written: org.apache.kafka.common.errors.TimeoutException",
                        "Topic no-such-topic not present in metadata after 1000 ms."),
                printed.lines().toList(),
                "the callback is told that the record was not written");
    }

    @Test
    @Order(4)
    @DisplayName("a record too large for the producer, and one too large for the topic")
    void recordTooLarge() throws Exception {
        String printed = ProgramRun.run(SendTooLargeRecords.class, broker);
        recorder.output("too-large", printed);
        Map<String, Answer> answers = answers(printed);

        Answer forTheProducer = answers.get("2 MiB value");
        Answer forTheTopic = answers.get("5000-byte value");
        Answer compressed = answers.get("2 MiB value, gzip");
        assertEquals("RecordTooLargeException", forTheProducer.outcome(), printed);
        assertTrue(forTheProducer.message().contains("max.request.size"), "the producer refused it: " + printed);
        assertEquals("RecordTooLargeException", forTheTopic.outcome(), printed);
        assertTrue(forTheTopic.message().contains("server"), "the broker refused the second: " + printed);
        assertEquals(
                forTheProducer,
                compressed,
                "compressing changes nothing for max.request.size: the producer checks the uncompressed size");
    }

    /** Each request the program printed, with its answer, in order. */
    private static Map<String, Answer> answers(String printed) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        Matcher m = ANSWER.matcher(Fixtures.messagesJoined(printed));
        while (m.find()) {
            answers.put(m.group(1), new Answer(m.group(2), m.group(3)));
        }
        return answers;
    }
}
