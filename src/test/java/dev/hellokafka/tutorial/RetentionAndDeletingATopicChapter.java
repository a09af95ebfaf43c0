package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.CreateAndDeleteScratch;
import dev.hellokafka.programs.PrintTheClicks;
import dev.hellokafka.programs.SendClicks;
import dev.hellokafka.programs.SendToScratch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chapter's programs use the page's own topics (clicks, scratch), as a reader runs them; on a cluster that
 * earlier runs used, the checks count from what this run sent, and those that need the topics new are made only on
 * a broker started for this run. Retention runs on a broker of its own where the cluster looks for expired segments
 * less often than a test may wait.
 */
@ExtendWith(TutorialExtension.class)
class RetentionAndDeletingATopicChapter {

    /** The longest wait for the broker's look for expired segments that a test of the walk may take. */
    private static final Duration LONGEST_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final Broker broker;
    private final Recorder recorder;

    RetentionAndDeletingATopicChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("retention removes whole segments whose records are older than retention.ms")
    void retention() throws Exception {
        // The broker deletes expired segments when it looks, every log.retention.check.interval.ms: a stock
        // broker every 5 minutes, longer than a test may wait. On such a cluster the lesson runs on a broker of
        // its own, which looks every second as the page says.
        long checkInterval = Fixtures.brokerSetting(broker, "log.retention.check.interval.ms");
        if (checkInterval <= LONGEST_CHECK_INTERVAL.toMillis()) {
            retentionOn(broker, checkInterval);
            return;
        }
        recorder.note("retention runs on a broker of its own: this cluster looks for expired segments every "
                + Duration.ofMillis(checkInterval).toSeconds() + " s (log.retention.check.interval.ms)");
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start()) {
            Broker ownBroker = Fixtures.ownBrokerAsOnThePage(own, recorder);
            retentionOn(ownBroker, Fixtures.brokerSetting(ownBroker, "log.retention.check.interval.ms"));
        }
    }

    private void retentionOn(Broker broker, long checkInterval) throws Exception {
        String sent = ProgramRun.run(SendClicks.class, broker);
        recorder.output("clicks-sent", sent);
        Matcher last = Pattern.compile("up to offset (\\d+)\\.").matcher(sent);
        assertTrue(last.find(), sent);
        long firstNew = Long.parseLong(last.group(1)) - 4; // the first click of now
        Poll.until(
                "the segment of old clicks to be deleted",
                Duration.ofMillis(checkInterval + 30_000),
                () -> logStartOffset(broker, "clicks") >= firstNew);
        String left = ProgramRun.run(PrintTheClicks.class, broker);
        recorder.output("retention", left);
        List<Long> offsets = Fixtures.reportedOffsets(left);
        List<String> clicks = Fixtures.reportedValues(left);
        assertTrue(
                clicks.subList(clicks.size() - 5, clicks.size())
                        .equals(List.of("new click 1", "new click 2", "new click 3", "new click 4", "new click 5")),
                "the clicks of now are kept: " + left);
        if (broker.isNewForThisRun()) {
            assertEquals(List.of(5L, 6L, 7L, 8L, 9L), offsets, "the segment of old clicks was deleted: " + left);
            assertEquals(1000, checkInterval, "the tutorial's broker looks every second, as the page says");
        }
    }

    @Test
    @Order(2)
    @DisplayName("deleting a topic; describing it and producing to it afterwards")
    void deleteTopic() throws Exception {
        String deleted = ProgramRun.run(CreateAndDeleteScratch.class, broker);
        recorder.output("deleted", deleted);
        assertTrue(
                deleted.contains("describeTopics: org.apache.kafka.common.errors.UnknownTopicOrPartitionException"),
                deleted);
        String sent = ProgramRun.run(SendToScratch.class, broker);
        recorder.output("send-deleted", sent);
        if (Fixtures.createsTopicsOnFirstUse(broker)) {
            assertTrue(sent.contains("the cluster created the topic again"), sent);
        } else {
            assertEquals(
                    "Not written: org.apache.kafka.common.errors.TimeoutException\n"
                            + "    Topic scratch not present in metadata after 1000 ms.",
                    Fixtures.messagesJoined(sent.strip()));
            try (Admin admin = Admin.create(broker.clientProperties())) {
                assertFalse(
                        admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("scratch"),
                        "and the topic is still gone");
            }
        }
    }

    private static long logStartOffset(Broker broker, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.earliest()))
                    .partitionResult(partition)
                    .get(30, TimeUnit.SECONDS)
                    .offset();
        }
    }
}
