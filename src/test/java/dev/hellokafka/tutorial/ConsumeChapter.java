package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.ListTheTopics;
import dev.hellokafka.programs.ProduceTheRecords;
import dev.hellokafka.programs.ReadTheTopic;
import dev.hellokafka.programs.WatchTheTopic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@CoreStep
@ExtendWith(TutorialExtension.class)
class ConsumeChapter {

    private static final Pattern OFFSET = Pattern.compile("(?m)^offset (\\d+):");

    private final Broker broker;
    private final Recorder recorder;

    ConsumeChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @BeforeAll
    static void theTopicHoldsThePostsRecords(Broker broker) throws Exception {
        SampleTopic.ensureHoldsThePostsRecords(broker);
    }

    @Test
    @Order(1)
    @DisplayName("a consumer in no group reads from the end: the records sent while it runs, not those before")
    void twoTerminals() throws Exception {
        long end = endOffset();
        ProgramRun watcher = ProgramRun.start(WatchTheTopic.class, broker); // terminal 2
        watcher.awaitPrinted("Ctrl-C stops.");
        ProgramRun.run(ProduceTheRecords.class, broker); // terminal 3
        watcher.awaitPrinted("offset " + (end + 1) + ":");
        String watched = watcher.stop(); // Ctrl-C in terminal 2
        recorder.output("watched", watched);

        assertTrue(watched.startsWith("Watching sample from offset " + end + "."), watched);
        assertEquals(List.of(end, end + 1), offsets(watched), "the records sent while it ran, and no others");
        assertTrue(watched.strip().endsWith("Stopped."), "it stopped cleanly on Ctrl-C: " + watched);
    }

    @Test
    @Order(2)
    @DisplayName("a consumer in a group reads from the group's start, and the group remembers where it stopped")
    void readFromTheBeginning() throws Exception {
        long end = endOffset();
        forgetTheGroup("sample-readers"); // on a cluster an earlier walk used, the group starts anew, as on a new one
        ProgramRun reader = ProgramRun.start(ReadTheTopic.class, broker);
        reader.awaitPrinted("offset " + (end - 1) + ":");
        String read = reader.stop();
        recorder.output("read", read);
        List<Long> offsets = offsets(read);
        assertEquals(end - 1, offsets.get(offsets.size() - 1), "it read up to the last record: " + read);
        if (broker.isNewForThisRun()) {
            assertEquals(0L, offsets.get(0), "a new group starts at the first record (earliest): " + read);
        }

        ProgramRun again = ProgramRun.start(ReadTheTopic.class, broker);
        again.awaitPrinted("Ctrl-C stops.");
        ProgramRun.run(ProduceTheRecords.class, broker);
        again.awaitPrinted("offset " + (end + 1) + ":");
        String readAgain = again.stop();
        recorder.output("read-again", readAgain);
        assertEquals(List.of(end, end + 1), offsets(readAgain), "the group went on where it stopped: " + readAgain);
    }

    @Test
    @Order(3)
    @DisplayName("the group's offsets live in __consumer_offsets, which listTopics() shows only when asked")
    void theInternalTopicNowExists() throws Exception {
        String printed = ProgramRun.run(ListTheTopics.class, broker);
        recorder.output("internal", printed);
        List<String> lines = printed.lines().toList();
        assertTrue(
                !lines.get(0).contains("__consumer_offsets") && lines.get(1).contains("__consumer_offsets"), printed);
    }

    @Test
    @Order(4)
    @DisplayName("subscribe() without a group.id is refused")
    void subscribeNeedsAGroup() {
        Properties props = Fixtures.stringConsumerProps(broker);
        props.remove("group.id");
        Throwable refused = null;
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("sample"));
            consumer.poll(Duration.ofMillis(100));
        } catch (InvalidGroupIdException e) {
            refused = e;
        }
        assertInstanceOf(InvalidGroupIdException.class, refused, "the page says so");
    }

    private void forgetTheGroup(String group) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.deleteConsumerGroups(List.of(group)).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                throw e;
            }
        }
    }

    private long endOffset() throws Exception {
        TopicPartition partition = new TopicPartition("sample", 0);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .all()
                    .get()
                    .get(partition)
                    .offset();
        }
    }

    private static List<Long> offsets(String printed) {
        Matcher m = OFFSET.matcher(printed);
        List<Long> offsets = new java.util.ArrayList<>();
        while (m.find()) {
            offsets.add(Long.parseLong(m.group(1)));
        }
        return offsets;
    }
}
