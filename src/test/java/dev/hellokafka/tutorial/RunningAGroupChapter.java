package dev.hellokafka.tutorial;

import static dev.hellokafka.harness.KafkaTool.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.KafkaTool;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.HandOverParcels;
import dev.hellokafka.programs.MoveTheWorkersStart;
import dev.hellokafka.programs.ProcessParcels;
import dev.hellokafka.programs.ProcessParcelsSlowly;
import dev.hellokafka.programs.ReplayTheLastHour;
import dev.hellokafka.programs.SendParcels;
import dev.hellokafka.programs.ShowTheLag;
import dev.hellokafka.programs.SkipTheBacklog;
import dev.hellokafka.programs.TakeParcels;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.apache.kafka.tools.consumer.group.ShareGroupCommand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chapter's programs use the page's own topic and groups (parcels; shipping, handover, slow-shippers,
 * parcel-workers), as a reader runs them one after another; on a cluster that earlier runs used, every check
 * counts from the offsets this run found or sent.
 */
@ExtendWith(TutorialExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunningAGroupChapter {

    private static final String TOPIC = "parcels";
    private static final List<TopicPartition> PARTITIONS =
            List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
    /** A line of the consumers: "partition 0, offset 3: parcel 8", maybe followed by more. */
    private static final Pattern PARCEL = Pattern.compile("(?m)^partition (\\d+), offset (\\d+): parcel \\d+(.*)$");

    private final Broker broker;
    private final Recorder recorder;

    RunningAGroupChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    /** A Kafka tool run against the walk's broker, as a reader types it: {@code --bootstrap-server} first. */
    private KafkaTool.Result tool(String script, KafkaTool.Main main, String... args) throws Exception {
        String[] withBootstrap = new String[args.length + 2];
        withBootstrap[0] = "--bootstrap-server";
        withBootstrap[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, withBootstrap, 2, args.length);
        return run(broker, script, main, "", withBootstrap);
    }

    @Test
    @Order(1)
    @DisplayName(
            "lag: a group stopped while parcels come in; kafka-consumer-groups.sh --describe, and the same from Admin")
    void lag() throws Exception {
        recorder.output("sent", ProgramRun.run(SendParcels.class, broker));
        ProgramRun processor = ProgramRun.start(ProcessParcels.class, broker);
        processor.awaitPrinted("Ctrl-C stops.");
        Map<TopicPartition, Long> ends = ends();
        Poll.until(
                "the group shipping to commit every parcel",
                () -> committed("shipping").equals(ends));
        assertTrue(processor.stop().strip().endsWith("Stopped."));
        assertEquals(0, consumerGroupMembers("shipping"), "close() left the group at once");

        recorder.output("sent-again", ProgramRun.run(SendParcels.class, broker));
        var described =
                tool("kafka-consumer-groups.sh", ConsumerGroupCommand::main, "--describe", "--group", "shipping");
        recorder.output("describe", described.transcript());
        String lag = ProgramRun.run(ShowTheLag.class, broker);
        recorder.output("lag", lag);

        long toolLag = described
                .out()
                .lines()
                .filter(l -> l.startsWith("shipping "))
                .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[5]))
                .sum();
        long adminLag = Pattern.compile("lag (\\d+)")
                .matcher(lag)
                .results()
                .mapToLong(m -> Long.parseLong(m.group(1)))
                .sum();
        assertEquals(20, adminLag, "the group is 20 parcels behind, those sent while it was stopped: " + lag);
        assertEquals(adminLag, toolLag, "the tool and Admin count the same lag");
        assertTrue(described.transcript().contains("has no active members"), described.transcript());
    }

    @Test
    @Order(2)
    @DisplayName("offsets are moved while the group is empty: with the tool, and with Admin")
    void moveTheOffsets() throws Exception {
        Map<TopicPartition, Long> firstOfThisRun = new HashMap<>(committed("shipping")); // where 'sent-again' began
        ProgramRun processor = ProgramRun.start(ProcessParcels.class, broker);
        processor.awaitPrinted("Ctrl-C stops.");
        Map<TopicPartition, Long> ends = ends();
        Poll.until(
                "the group shipping to have its member and to commit every parcel",
                () -> consumerGroupMembers("shipping") == 1
                        && committed("shipping").equals(ends));
        String[] resetToEarliest = {
            "--reset-offsets", "--group", "shipping", "--topic", TOPIC, "--to-earliest", "--execute"
        };
        var refused = tool("kafka-consumer-groups.sh", ConsumerGroupCommand::main, resetToEarliest);
        recorder.output("refused", refused.transcript());
        assertTrue(refused.out().contains("inactive") || refused.err().contains("inactive"), refused.transcript());
        processor.stop();

        var toEarliest = tool("kafka-consumer-groups.sh", ConsumerGroupCommand::main, resetToEarliest);
        var shifted = tool(
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
        Map<TopicPartition, Long> earliest = offsets(OffsetSpec.earliest());
        Map<TopicPartition, Long> shiftedTo = committed("shipping");
        earliest.forEach((partition, offset) ->
                assertEquals(offset + 3, shiftedTo.get(partition), "three after the first, " + partition));

        String replayed = ProgramRun.run(ReplayTheLastHour.class, broker);
        recorder.output("replay", replayed);
        Map<TopicPartition, Long> replay = committed("shipping");
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
        assertEquals(ends, committed("shipping"), "no record is stamped from now on: the end, " + skipped);
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
    @Order(3)
    @DisplayName("a rebalance listener commits what was processed before the partitions move")
    void commitBeforePartitionsMove() throws Exception {
        ProgramRun first = ProgramRun.start(HandOverParcels.class, broker);
        first.awaitPrinted("Ctrl-C stops.");
        Map<TopicPartition, Long> ends = ends();
        Poll.until(
                "the first member to process every parcel",
                () -> processedUpTo(first.printed()).equals(ends));
        ProgramRun second = ProgramRun.start(HandOverParcels.class, broker);
        second.awaitPrinted("Given: [" + TOPIC);
        first.awaitPrinted("Taken away: " + TOPIC);
        ProgramRun.run(SendParcels.class, broker);
        Map<TopicPartition, Long> newEnds = ends();
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
    @Order(4)
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
        Map<TopicPartition, Long> ends = ends();
        slow.awaitPrinted("too late:");
        String printed = slow.stop();
        recorder.output("too-slow", printed);
        Poll.until(
                "ProcessParcels to process and commit every parcel",
                () -> committed("shipping").equals(ends));
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
                return other.assignment().size() == 2 && consumerGroupMembers(group) == 1;
            });
            slow.commitSync();
        }
        assertEquals(Map.of(), committed(group), "commitSync() committed nothing");
    }

    private int membersWithAPartition(String group) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return (int)
                    admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members().stream()
                            .filter(m -> !m.assignment().topicPartitions().isEmpty())
                            .count();
        }
    }

    @Test
    @Order(5)
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
                "kafka-share-groups.sh",
                ShareGroupCommand::main,
                "--describe",
                "--group",
                "parcel-workers",
                "--offsets");
        recorder.output("share-offsets", offsets.transcript());
        assertTrue(offsets.out().contains(TOPIC), offsets.transcript());

        var toEarliest = tool(
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
        Map<TopicPartition, Long> ends = ends();
        ProgramRun again = ProgramRun.start(TakeParcels.class, broker);
        again.awaitPrinted("Ctrl-C stops.");
        Poll.until(
                "the worker to be given every parcel from offset 5 on",
                () -> processedUpTo(again.printed()).equals(ends));
        String taken = again.stop();
        var offsetsAfter = tool(
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

    /** Per partition, the offset after the last parcel the program printed. */
    private static Map<TopicPartition, Long> processedUpTo(String printed) {
        Map<TopicPartition, Long> upTo = new HashMap<>();
        Matcher m = PARCEL.matcher(printed);
        while (m.find()) {
            upTo.merge(
                    new TopicPartition(TOPIC, Integer.parseInt(m.group(1))), Long.parseLong(m.group(2)) + 1, Math::max);
        }
        return upTo;
    }

    /** The parcels the program printed, each as "partition/offset". */
    private static List<String> parcels(String printed) {
        List<String> parcels = new ArrayList<>();
        Matcher m = PARCEL.matcher(printed);
        while (m.find()) {
            parcels.add(m.group(1) + "/" + m.group(2));
        }
        return parcels;
    }

    private Map<TopicPartition, Long> ends() throws Exception {
        return offsets(OffsetSpec.latest());
    }

    private Map<TopicPartition, Long> offsets(OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        PARTITIONS.forEach(p -> request.put(p, spec));
        Map<TopicPartition, Long> offsets = new TreeMap<>((a, b) -> a.partition() - b.partition());
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.listOffsets(request).all().get().forEach((p, info) -> offsets.put(p, info.offset()));
        }
        return new HashMap<>(offsets);
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((p, o) -> {
                        if (o != null) {
                            committed.put(p, o.offset());
                        }
                    });
        }
        return committed;
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

    private int consumerGroupMembers(String group) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get()
                    .members()
                    .size();
        }
    }
}
