package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramProcess;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.ProcessPayments;
import dev.hellokafka.programs.ReadTheLedger;
import dev.hellokafka.programs.RequireTwoInSyncCopies;
import dev.hellokafka.programs.SendPayments;
import dev.hellokafka.programs.WriteTheLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@ExtendWith(TutorialExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests share nothing but the broker, so they run side by side
class NothingLostChapter {

    private static final Pattern PROCESSED = Pattern.compile("(?m)^processed offset (\\d+):");
    private static final Pattern COMMITTED = Pattern.compile("(?m)^committed: the group goes on from offset (\\d+)$");

    /**
     * The broker of the crash: a consumer group notices a member that died without a word once its session has
     * expired, 45 s by default. The reader waits that long; the chapter's own broker makes it 2 s (four of the
     * tutorial's half-second heartbeats), so that the walk does not.
     */
    private static final Map<String, String> SHORT_SESSIONS =
            Map.of("group.consumer.session.timeout.ms", "2000", "group.consumer.min.session.timeout.ms", "2000");

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

    @Test
    @Order(4) // the longest test last: JUnit's thread runs a class's side-by-side tests last-first
    @DisplayName("a consumer killed before it commits is replaced, and what it processed since is processed again")
    void atLeastOnce() throws Exception {
        String crashed;
        String replaced;
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start(0, null, SHORT_SESSIONS, List.of())) {
            Broker ownBroker = Broker.at(own.bootstrapServers());
            ProgramRun.run(SendPayments.class, ownBroker); // payments at offsets 0 to 5

            // The reader starts the processor, and kills it (kill -9) in the middle of its second batch: after
            // one commit, once it has processed one more payment. A JVM of its own, so that it can be killed.
            try (ProgramProcess first = ProgramProcess.start(ProcessPayments.class, own.bootstrapServers())) {
                first.awaitPrinted("processed offset 4:");
                crashed = first.kill();
            }
            ProgramRun replacement = ProgramRun.start(ProcessPayments.class, ownBroker);
            replacement.awaitPrinted("committed: the group goes on from offset 6");
            replaced = replacement.stop();
        }
        recorder.output("crashed", crashed);
        recorder.output("replacement", replaced);

        List<Long> first = offsets(PROCESSED, crashed);
        List<Long> second = offsets(PROCESSED, replaced);
        List<Long> committed = offsets(COMMITTED, crashed);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), first, "killed in its second batch: " + crashed);
        assertEquals(List.of(4L), committed, "after committing its first batch only: " + crashed);
        assertEquals(List.of(4L, 5L), second, "the replacement went on from the committed offset");
        Set<Long> atLeastOnce = new TreeSet<>(first);
        atLeastOnce.addAll(second);
        Set<Long> twice = new TreeSet<>(first);
        twice.retainAll(second);
        assertEquals(LongStream.range(0, 6).boxed().toList(), List.copyOf(atLeastOnce), "no payment was skipped");
        assertEquals(Set.of(4L), twice, "those processed after the last commit were processed again");
        recorder.table(
                "duplicates",
                List.of("payments in the topic", "processed at least once", "processed twice"),
                List.of(List.of(6, atLeastOnce.size(), twice.size())));
    }

    @Test
    @Order(3)
    @DisplayName("a broker stopped and started again on the same data still has every record")
    void brokerRestart(@TempDir Path dataDir) throws Exception {
        String written;
        String read;
        // A broker of this test's own, because it is stopped and started, as a reader would do by hand.
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(0, dataDir);
        int port = first.port();
        String clusterId = first.clusterId();
        try {
            written = ProgramRun.run(WriteTheLedger.class, Broker.at(first.bootstrapServers()));
        } finally {
            first.close(); // what kafka-server-stop.sh, or Ctrl-C, does; the data directory stays
        }
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(port, dataDir)) {
            assertEquals(clusterId, again.clusterId(), "the restarted broker is the same cluster");
            read = ProgramRun.run(ReadTheLedger.class, Broker.at(again.bootstrapServers()));
        }
        recorder.output("ledger-written", written);
        recorder.output("ledger-read", read);
        assertEquals(
                List.of(
                        "Reading ledger from its first offset to its end, offset 5.",
                        "offset 0: entry 1",
                        "offset 1: entry 2",
                        "offset 2: entry 3",
                        "offset 3: entry 4",
                        "offset 4: entry 5",
                        "5 entries read"),
                read.lines().toList(),
                "every record survived the restart, in order");
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

    private static List<Long> offsets(Pattern pattern, String printed) {
        Matcher m = pattern.matcher(printed);
        List<Long> offsets = new ArrayList<>();
        while (m.find()) {
            offsets.add(Long.parseLong(m.group(1)));
        }
        return offsets;
    }
}
