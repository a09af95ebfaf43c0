package dev.hellokafka.tutorial;

import static dev.hellokafka.tutorial.ParcelsTopic.TOPIC;
import static dev.hellokafka.tutorial.ParcelsTopic.committed;
import static dev.hellokafka.tutorial.ParcelsTopic.consumerGroupMembers;
import static dev.hellokafka.tutorial.ParcelsTopic.ends;
import static dev.hellokafka.tutorial.ParcelsTopic.parcels;
import static dev.hellokafka.tutorial.ParcelsTopic.processedUpTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.HandOverParcels;
import dev.hellokafka.programs.ProcessParcels;
import dev.hellokafka.programs.ProcessParcelsSlowly;
import dev.hellokafka.programs.SendParcels;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Partitions that move between the members of a group, on the parcels of {@link RunningAGroupChapter} and
 * {@link MovingOffsetsChapter}. The chapter runs on a broker of its own, which it brings to the point where those
 * two left the parcels, so that what its page shows does not depend on the order in which the walk runs them.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhenPartitionsMoveChapter {

    private final Recorder recorder;
    private EmbeddedKafkaBroker own;
    private Broker broker;

    /** The walk's broker is not used: the chapter starts its own, for the parcels as the reader has them here. */
    WhenPartitionsMoveChapter(Broker walkBroker, Recorder recorder) {
        this.recorder = recorder;
    }

    @BeforeAll
    void startTheBrokerAndSendWhatTheEarlierChaptersSent() throws Exception {
        own = EmbeddedKafkaBroker.start();
        broker = Fixtures.ownBrokerAsOnThePage(own, recorder);
        // The earlier two chapters: forty parcels sent, and the group shipping moved past all of them.
        ProgramRun.run(SendParcels.class, broker);
        ProgramRun.run(SendParcels.class, broker);
        ParcelsTopic.processEveryParcel(broker);
    }

    @AfterAll
    void stopTheBroker() {
        if (own != null) {
            own.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("a rebalance listener commits what was processed before the partitions move")
    void commitBeforePartitionsMove() throws Exception {
        ProgramRun first = ProgramRun.start(HandOverParcels.class, broker);
        first.awaitPrinted("Ctrl-C stops.");
        Map<TopicPartition, Long> ends = ends(broker);
        Poll.until(
                "the first member to process every parcel",
                () -> processedUpTo(first.printed()).equals(ends));
        ProgramRun second = ProgramRun.start(HandOverParcels.class, broker);
        second.awaitPrinted("Given: [" + TOPIC);
        first.awaitPrinted("Taken away: " + TOPIC);
        ProgramRun.run(SendParcels.class, broker);
        Map<TopicPartition, Long> newEnds = ends(broker);
        Poll.until("the two members to process the new parcels", () -> {
            Map<TopicPartition, Long> upTo = processedUpTo(first.printed());
            processedUpTo(second.printed()).forEach((p, o) -> upTo.merge(p, o, Math::max));
            return upTo.equals(newEnds);
        });
        String secondPrinted = second.stop();
        String firstPrinted = first.stop();
        List<String> byFirst = parcels(firstPrinted);
        List<String> bySecond = parcels(secondPrinted);
        Set<String> once = new HashSet<>();
        long twice = 0;
        for (String parcel : byFirst) {
            twice += once.add(parcel) ? 0 : 1;
        }
        for (String parcel : bySecond) {
            twice += once.add(parcel) ? 0 : 1;
        }
        recorder.table(
                "handover",
                List.of("member", "parcels processed"),
                List.of(
                        List.of("the first", byFirst.size()),
                        List.of("the second, from when it joined", bySecond.size()),
                        List.of("both: parcels processed more than once", twice)));
        assertEquals(0, twice, "the second member started where the first member's processing ended");
        assertTrue(!bySecond.isEmpty(), "the second member processed parcels: " + secondPrinted);
        assertTrue(firstPrinted.matches("(?s).*Taken away: " + TOPIC + "-\\d, committed offset \\d+.*"), firstPrinted);
    }

    @Test
    @Order(2)
    @DisplayName("processing that outlasts max.poll.interval.ms costs the member its place in the group")
    void tooSlow() throws Exception {
        // The page's note on commitSync() is checked in a group of its own, beside the programs' run.
        CompletableFuture<Void> noteChecked = CompletableFuture.runAsync(() -> {
            try {
                assertPlainCommitSyncCommitsNothingOnceRemoved();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        ProgramRun processor = ProgramRun.start(ProcessParcels.class, broker);
        processor.awaitPrinted("Ctrl-C stops.");
        ProgramRun slow = ProgramRun.start(ProcessParcelsSlowly.class, broker);
        slow.awaitPrinted("Ctrl-C stops.");
        Poll.until(
                "the two members of shipping to have a partition each", () -> membersWithAPartition("shipping") == 2);
        ProgramRun.run(SendParcels.class, broker);
        Map<TopicPartition, Long> ends = ends(broker);
        slow.awaitPrinted("too late:");
        String printed = slow.stop();
        recorder.output("too-slow", printed);
        Poll.until(
                "ProcessParcels to process and commit every parcel",
                () -> committed(broker, "shipping").equals(ends));
        processor.stop();
        assertTrue(printed.contains("CommitFailedException"), printed);
        assertTrue(!printed.contains("committed."), "the slow member committed nothing: " + printed);
        noteChecked.join();
    }

    /**
     * The page's note: commitSync() without offsets commits what the current assignment consumed, and a member
     * removed for polling too late has none, so it commits nothing and says nothing. Checked as the old hidden
     * code did: a slow member and a fast one, in a group of their own.
     */
    private void assertPlainCommitSyncCommitsNothingOnceRemoved() throws Exception {
        String group = "slow-check-" + UUID.randomUUID();
        Properties props = Fixtures.stringConsumerProps(broker);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5);
        Properties slowProps = new Properties();
        slowProps.putAll(props);
        slowProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_000);
        try (Consumer<String, String> slow = new KafkaConsumer<>(slowProps);
                Consumer<String, String> other = new KafkaConsumer<>(props)) {
            slow.subscribe(List.of(TOPIC));
            other.subscribe(List.of(TOPIC));
            boolean[] gotABatch = {false};
            Poll.until("a batch for the slow member, and a partition for the other", () -> {
                other.poll(Duration.ofMillis(100));
                gotABatch[0] |= !slow.poll(Duration.ofMillis(100)).isEmpty();
                return gotABatch[0] && !other.assignment().isEmpty();
            });
            Poll.until("the slow member to leave, and the other to take over its partition", () -> {
                other.poll(Duration.ofMillis(100));
                return other.assignment().size() == 2 && consumerGroupMembers(broker, group) == 1;
            });
            slow.commitSync();
        }
        assertEquals(Map.of(), committed(broker, group), "commitSync() committed nothing");
    }

    private int membersWithAPartition(String group) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return (int)
                    admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members().stream()
                            .filter(m -> !m.assignment().topicPartitions().isEmpty())
                            .count();
        }
    }
}
