package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.RequireTwoInSyncCopies;
import dev.hellokafka.programs.SendPayments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@ExtendWith(TutorialExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests share nothing but the broker, so they run side by side
class NothingLostChapter {

    private final Broker broker;
    private final Recorder recorder;

    NothingLostChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("a producer with acks=all learns of every record the broker has stored, or of its failure")
    void acknowledgedWrites() throws Exception {
        long before = endOffset(broker, "payments"); // 0 on a new broker; more where earlier runs sent payments
        String printed = ProgramRun.run(SendPayments.class, broker);
        recorder.output("acknowledged", printed);

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            expected.add("payment " + i + " stored at offset " + (before + i - 1));
        }
        expected.add("acknowledged: 6, failed: 0");
        assertEquals(expected, printed.lines().toList(), "every send acknowledged, in order");
        assertEquals(
                expected.subList(0, 6).stream()
                        .map(l -> l.replaceFirst(" stored.*", ""))
                        .toList(),
                readFrom(broker, "payments", before, 6),
                "and the payments are in the topic where the callbacks said");
    }

    @Test
    @Order(2)
    @DisplayName("min.insync.replicas counts at most the copies a topic has: on one broker, two change nothing")
    void minInsyncReplicasOnOneBroker() throws Exception {
        long before = endOffset(broker, "payments-two-copies");
        String printed = ProgramRun.run(RequireTwoInSyncCopies.class, broker);
        recorder.output("min-insync", printed);

        assertEquals(
                List.of(
                        "topic payments-two-copies: replication factor 1, min.insync.replicas=2",
                        "payment 11, sent with acks=all: stored at offset " + before),
                printed.lines().toList(),
                "an acks=all send to a topic asking for two in-sync copies was stored");
        try (Admin admin = Admin.create(broker.clientProperties())) {
            TopicDescription topic = admin.describeTopics(List.of("payments-two-copies"))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get("payments-two-copies");
            assertEquals(
                    1,
                    topic.partitions().get(0).isr().size(),
                    "with one copy in sync, fewer than min.insync.replicas: the broker counts it only up to the"
                            + " replication factor");
        }
    }

    /** The end offset of the topic's partition 0, or 0 where the topic is not there yet. */
    private static long endOffset(Broker broker, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get(30, TimeUnit.SECONDS)
                    .offset();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw e;
        }
    }

    /** The values of the records of the topic's partition 0 from this offset on, as many as asked for. */
    private static List<String> readFrom(Broker broker, String topic, long offset, int count) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(Fixtures.stringConsumerProps(broker))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            List<String> read = new ArrayList<>();
            Poll.until("the " + count + " records from " + partition + "@" + offset, () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    read.add(record.value());
                }
                return read.size() >= count;
            });
            return read.subList(0, count);
        }
    }
}
