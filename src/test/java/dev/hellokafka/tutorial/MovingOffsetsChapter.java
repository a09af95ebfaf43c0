package dev.hellokafka.tutorial;

import static dev.hellokafka.tutorial.ParcelsTopic.PARCEL;
import static dev.hellokafka.tutorial.ParcelsTopic.PARTITIONS;
import static dev.hellokafka.tutorial.ParcelsTopic.TOPIC;
import static dev.hellokafka.tutorial.ParcelsTopic.committed;
import static dev.hellokafka.tutorial.ParcelsTopic.consumerGroupMembers;
import static dev.hellokafka.tutorial.ParcelsTopic.ends;
import static dev.hellokafka.tutorial.ParcelsTopic.offsets;
import static dev.hellokafka.tutorial.ParcelsTopic.parcels;
import static dev.hellokafka.tutorial.ParcelsTopic.processedUpTo;
import static dev.hellokafka.tutorial.ParcelsTopic.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.MoveTheWorkersStart;
import dev.hellokafka.programs.ProcessParcels;
import dev.hellokafka.programs.ReplayTheLastHour;
import dev.hellokafka.programs.SendParcels;
import dev.hellokafka.programs.SkipTheBacklog;
import dev.hellokafka.programs.TakeParcels;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.apache.kafka.tools.consumer.group.ShareGroupCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The page goes on where {@link RunningAGroupChapter} stopped: the group shipping twenty parcels behind. The chapter
 * runs on the broker the walk keeps for the chapters that go on from an earlier page ({@code Walk.replayBroker()}),
 * which it brings to that point with the earlier chapter's programs, so that what its page shows does not depend on the
 * order in which the walk runs the chapters on the parcels. No other chapter on that broker uses the parcels.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MovingOffsetsChapter {

    private final Recorder recorder;
    private Broker broker;

    /** The walk's broker is not used: the chapter has another, for the parcels as the reader has them here. */
    MovingOffsetsChapter(Broker walkBroker, Recorder recorder) {
        this.recorder = recorder;
    }

    @BeforeAll
    void sendWhatTheEarlierChaptersSent(EmbeddedKafkaBroker replayBroker) throws Exception {
        broker = Fixtures.ownBrokerAsOnThePage(replayBroker, recorder);
        // Running a group: twenty parcels processed, then twenty more sent while the group was stopped.
        ProgramRun.run(SendParcels.class, broker);
        ParcelsTopic.processEveryParcel(broker);
        ProgramRun.run(SendParcels.class, broker);
    }

    @Test
    @Order(1)
    @DisplayName("offsets are moved while the group is empty: with the tool, and with Admin")
    void moveTheOffsets() throws Exception {
        Map<TopicPartition, Long> firstOfThisRun =
                new HashMap<>(committed(broker, "shipping")); // where 'sent-again' began
        ProgramRun processor = ProgramRun.start(ProcessParcels.class, broker);
        processor.awaitPrinted("Ctrl-C stops.");
        Map<TopicPartition, Long> ends = ends(broker);
        Poll.until(
                "the group shipping to have its member and to commit every parcel",
                () -> consumerGroupMembers(broker, "shipping") == 1
                        && committed(broker, "shipping").equals(ends));
        String[] resetToEarliest = {
            "--reset-offsets", "--group", "shipping", "--topic", TOPIC, "--to-earliest", "--execute"
        };
        var refused = tool(broker, "kafka-consumer-groups.sh", ConsumerGroupCommand::main, resetToEarliest);
        recorder.output("refused", refused.transcript());
        assertTrue(refused.out().contains("inactive") || refused.err().contains("inactive"), refused.transcript());
        processor.stop();

        var toEarliest = tool(broker, "kafka-consumer-groups.sh", ConsumerGroupCommand::main, resetToEarliest);
        var shifted = tool(
                broker,
                "kafka-consumer-groups.sh",
                ConsumerGroupCommand::main,
                "--reset-offsets",
                "--group",
                "shipping",
                "--topic",
                TOPIC,
                "--shift-by",
                "3",
                "--execute");
        recorder.output("reset", toEarliest.transcript() + "\n\n" + shifted.transcript());
        assertEquals(0, toEarliest.exitCode(), toEarliest.transcript());
        assertEquals(0, shifted.exitCode(), shifted.transcript());
        Map<TopicPartition, Long> earliest = offsets(broker, OffsetSpec.earliest());
        Map<TopicPartition, Long> shiftedTo = committed(broker, "shipping");
        earliest.forEach((partition, offset) ->
                assertEquals(offset + 3, shiftedTo.get(partition), "three after the first, " + partition));

        String replayed = ProgramRun.run(ReplayTheLastHour.class, broker);
        recorder.output("replay", replayed);
        Map<TopicPartition, Long> replay = committed(broker, "shipping");
        for (TopicPartition partition : PARTITIONS) {
            assertTrue(
                    replay.get(partition) <= firstOfThisRun.get(partition),
                    "the parcels sent a moment ago are within the hour: " + replayed);
            if (broker.isNewForThisRun()) {
                assertEquals(0, replay.get(partition), "every parcel is, on a new broker: " + replayed);
            }
        }

        String skipped = ProgramRun.run(SkipTheBacklog.class, broker);
        recorder.output("skip", skipped);
        assertEquals(ends, committed(broker, "shipping"), "no record is stamped from now on: the end, " + skipped);
        assertEquals(
                2, Pattern.compile("none \\(-1\\)").matcher(skipped).results().count(), skipped);
        IllegalArgumentException negativeRefused = null;
        try {
            new OffsetAndMetadata(-1);
        } catch (IllegalArgumentException e) {
            negativeRefused = e;
        }
        assertInstanceOf(IllegalArgumentException.class, negativeRefused, "the page says an offset of -1 is refused");
        assertEquals("Invalid negative offset", negativeRefused.getMessage(), "with the message the page quotes");

        long anHourFromNow = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        String future = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
                .format(Instant.ofEpochMilli(anHourFromNow).atZone(ZoneId.systemDefault()));
        recorder.registerRunValue(future, "<an hour from now>");
        var toolToFuture = tool(
                broker,
                "kafka-consumer-groups.sh",
                ConsumerGroupCommand::main,
                "--reset-offsets",
                "--group",
                "shipping",
                "--topic",
                TOPIC,
                "--to-datetime",
                future,
                "--dry-run");
        recorder.output("to-datetime", toolToFuture.transcript());
        assertEquals(0, toolToFuture.exitCode(), toolToFuture.transcript());
        for (TopicPartition partition : PARTITIONS) {
            assertTrue(
                    toolToFuture
                            .out()
                            .lines()
                            .anyMatch(l -> l.matches("shipping\\s+" + TOPIC + "\\s+" + partition.partition() + "\\s+"
                                    + ends.get(partition))),
                    "the tool goes to the end too: " + toolToFuture.transcript());
        }
    }

    @Test
    @Order(2)
    @DisplayName("kafka-share-groups.sh shows a share group's members and where it stands; its start moves")
    void aShareGroup() throws Exception {
        ProgramRun worker = ProgramRun.start(TakeParcels.class, broker);
        worker.awaitPrinted("Ctrl-C stops.");
        Poll.until(
                "the share group parcel-workers to finish every parcel",
                () -> shareLag("parcel-workers").equals(Map.of(PARTITIONS.get(0), 0L, PARTITIONS.get(1), 0L))
                        && !parcels(worker.printed()).isEmpty());
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.describeShareGroups(List.of("parcel-workers"))
                    .describedGroups()
                    .get("parcel-workers")
                    .get()
                    .members()
                    .forEach(m -> recorder.registerRunValue(m.consumerId(), "<member-id>"));
        }
        var members = tool(
                broker,
                "kafka-share-groups.sh",
                ShareGroupCommand::main,
                "--describe",
                "--group",
                "parcel-workers",
                "--members");
        recorder.output("share-members", members.transcript());
        assertTrue(members.out().contains("worker-1"), members.transcript());
        worker.stop();

        var offsets = tool(
                broker,
                "kafka-share-groups.sh",
                ShareGroupCommand::main,
                "--describe",
                "--group",
                "parcel-workers",
                "--offsets");
        recorder.output("share-offsets", offsets.transcript());
        assertTrue(offsets.out().contains(TOPIC), offsets.transcript());

        var toEarliest = tool(
                broker,
                "kafka-share-groups.sh",
                ShareGroupCommand::main,
                "--reset-offsets",
                "--group",
                "parcel-workers",
                "--topic",
                TOPIC,
                "--to-earliest",
                "--execute");
        recorder.output("share-reset", toEarliest.transcript());
        assertEquals(0, toEarliest.exitCode(), toEarliest.transcript());

        recorder.output("moved", ProgramRun.run(MoveTheWorkersStart.class, broker));
        Map<TopicPartition, Long> ends = ends(broker);
        ProgramRun again = ProgramRun.start(TakeParcels.class, broker);
        again.awaitPrinted("Ctrl-C stops.");
        Poll.until(
                "the worker to be given every parcel from offset 5 on",
                () -> processedUpTo(again.printed()).equals(ends));
        String taken = again.stop();
        var offsetsAfter = tool(
                broker,
                "kafka-share-groups.sh",
                ShareGroupCommand::main,
                "--describe",
                "--group",
                "parcel-workers",
                "--offsets");
        recorder.output("share-offsets-after", offsetsAfter.transcript());

        List<List<Object>> rows = new ArrayList<>();
        for (TopicPartition partition : PARTITIONS) {
            List<Long> given = new ArrayList<>();
            Set<String> deliveries = new java.util.TreeSet<>();
            Matcher m = PARCEL.matcher(taken);
            while (m.find()) {
                if (Integer.parseInt(m.group(1)) == partition.partition()) {
                    given.add(Long.parseLong(m.group(2)));
                    deliveries.add(m.group(3).replaceFirst("^, delivery ", ""));
                }
            }
            List<Long> expected = new ArrayList<>();
            for (long o = 5; o < ends.get(partition); o++) {
                expected.add(o);
            }
            assertEquals(expected, given.stream().sorted().toList(), "offsets 5 on of " + partition + ": " + taken);
            assertEquals(Set.of("1"), deliveries, "as records the group never had: " + taken);
            rows.add(List.of(
                    partition.toString(),
                    "offsets " + given.get(0) + " to " + given.get(given.size() - 1),
                    String.join(", ", deliveries)));
        }
        recorder.table("share-taken", List.of("partition", "given to the worker", "delivery count"), rows);
    }

    private Map<TopicPartition, Long> shareLag(String group) throws Exception {
        Map<TopicPartition, Long> lag = new HashMap<>();
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(
                            Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(PARTITIONS)))
                    .partitionsToOffsetInfo(group)
                    .get();
            offsets.forEach((p, info) -> {
                if (info != null && info.lag().isPresent()) {
                    lag.put(p, info.lag().get());
                }
            });
        }
        return lag;
    }
}
