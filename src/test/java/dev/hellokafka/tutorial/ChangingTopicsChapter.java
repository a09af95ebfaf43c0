package dev.hellokafka.tutorial;

import static dev.hellokafka.harness.KafkaTool.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.AddAPartition;
import dev.hellokafka.programs.ConfigureAccounts;
import dev.hellokafka.programs.CreateAndDeleteScratch;
import dev.hellokafka.programs.PrintTheAuditLog;
import dev.hellokafka.programs.PrintTheClicks;
import dev.hellokafka.programs.SendAddresses;
import dev.hellokafka.programs.SendBalances;
import dev.hellokafka.programs.SendClicks;
import dev.hellokafka.programs.SendToScratch;
import dev.hellokafka.programs.TrimTheAuditLog;
import dev.hellokafka.programs.TrimTheBalances;
import dev.hellokafka.programs.TryToShrinkCustomers;
import dev.hellokafka.programs.WriteTheAuditLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.admin.ConfigCommand;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chapter's programs use the page's own topics (customers, accounts, audit-log, balances, clicks, scratch), as a
 * reader runs them; on a cluster that earlier runs used, the checks count from what this run sent, and those that
 * need the topics new are made only on a broker started for this run.
 */
@ExtendWith(TutorialExtension.class)
class ChangingTopicsChapter {

    /** A line of the reports: "offset 4: entry 4". */
    private static final Pattern RECORD = Pattern.compile("(?m)^offset (\\d+): (.*)$");

    private final Broker broker;
    private final Recorder recorder;

    ChangingTopicsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName(
            "adding partitions moves keys: a key's partition is its hash modulo the partition count; none are taken away")
    void addPartitions() throws Exception {
        String before = ProgramRun.run(SendAddresses.class, broker);
        recorder.output("before", before);
        String added = ProgramRun.run(AddAPartition.class, broker);
        recorder.output("added", added);
        String after = ProgramRun.run(SendAddresses.class, broker);
        recorder.output("after", after);
        Map<String, Integer> partitionBefore = partitions(before);
        Map<String, Integer> partitionAfter = partitions(after);
        assertEquals(8, partitionBefore.size(), before);
        assertEquals(partitionBefore.keySet(), partitionAfter.keySet(), after);

        List<List<Object>> rows = new ArrayList<>();
        int moved = 0;
        for (String key : partitionBefore.keySet()) {
            int hash = Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8)));
            boolean keyMoved = !partitionBefore.get(key).equals(partitionAfter.get(key));
            moved += keyMoved ? 1 : 0;
            rows.add(List.of(
                    "`" + key + "`",
                    hash,
                    partitionBefore.get(key),
                    partitionAfter.get(key),
                    keyMoved ? "moved" : "stayed"));
            assertEquals(hash % 3, partitionAfter.get(key), key + ": hash modulo 3");
            if (broker.isNewForThisRun()) {
                assertEquals(hash % 2, partitionBefore.get(key), key + ": hash modulo 2");
            }
        }
        recorder.table(
                "moved",
                List.of("key", "murmur2 hash (positive)", "partition of 2", "partition of 3", "the key's records"),
                rows);
        if (broker.isNewForThisRun()) {
            assertEquals("customers had 2 partitions, and has 3 now.", added.strip());
            assertTrue(moved > 0, "some keys moved to another partition");
            assertTrue(moved < partitionBefore.size(), "and some stayed");
        }

        String shrink = ProgramRun.run(TryToShrinkCustomers.class, broker);
        recorder.output("shrink", shrink);
        assertEquals(
                "Refused: org.apache.kafka.common.errors.InvalidPartitionsException\n"
                        + "    The topic customers currently has 3 partition(s); 2 would not be an increase.",
                Fixtures.messagesJoined(shrink.strip()));
        assertEquals(3, partitionCount("customers"), "the topic keeps its 3 partitions");
    }

    /** Per key, the partition the program printed: "customer-1 -> partition 1, offset 0". */
    private static Map<String, Integer> partitions(String printed) {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^(customer-\\d) -> partition (\\d+), offset \\d+$")
                .matcher(printed);
        while (m.find()) {
            partitions.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return partitions;
    }

    @Test
    @Order(2)
    @DisplayName("a topic's configuration changed with incrementalAlterConfigs, and with kafka-configs.sh")
    void alterConfigs() throws Exception {
        String readBack = ProgramRun.run(ConfigureAccounts.class, broker);
        recorder.output("read-back", readBack);
        assertEquals(
                List.of(
                        "retention.ms 86400000 DYNAMIC_TOPIC_CONFIG",
                        "max.message.bytes " + brokerSetting("message.max.bytes") + " DEFAULT_CONFIG"),
                readBack.lines().map(l -> l.replaceAll("\\s+", " ").strip()).toList(),
                "retention.ms set on the topic; max.message.bytes the broker's default");

        var alter = run(
                broker,
                "kafka-configs.sh",
                ConfigCommand::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--alter",
                "--entity-type",
                "topics",
                "--entity-name",
                "accounts",
                "--add-config",
                "max.message.bytes=2000000");
        var describe = run(
                broker,
                "kafka-configs.sh",
                ConfigCommand::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--describe",
                "--entity-type",
                "topics",
                "--entity-name",
                "accounts");
        recorder.output("kafka-configs", alter.transcript() + "\n" + describe.transcript(), "bash");
        assertEquals(0, alter.exitCode(), alter.transcript());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "accounts");
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Poll.until(
                    "the Admin client to read back what the tool set",
                    () -> "2000000"
                            .equals(admin.describeConfigs(List.of(resource))
                                    .all()
                                    .get(30, TimeUnit.SECONDS)
                                    .get(resource)
                                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                                    .value()));
        }
        assertTrue(describe.out().contains("max.message.bytes=2000000"), describe.transcript());
    }

    @Test
    @Order(3)
    @DisplayName("deleteRecords moves the log start offset; the records before it are gone")
    void deleteRecords() throws Exception {
        String written = ProgramRun.run(WriteTheAuditLog.class, broker);
        recorder.output("audit-written", written);
        String trimmed = ProgramRun.run(TrimTheAuditLog.class, broker);
        recorder.output("trimmed", trimmed);
        String left = ProgramRun.run(PrintTheAuditLog.class, broker);
        recorder.output("audit-left", left);
        List<String> entries = values(left);
        assertEquals(
                List.of("entry 4", "entry 5", "entry 6", "entry 7", "entry 8", "entry 9"),
                entries,
                "the last six entries are left: " + left);
        long end = Fixtures.endOffset(broker, "audit-log");
        assertTrue(trimmed.strip().endsWith("its log start offset is " + (end - 6) + "."), trimmed);
        assertEquals(end - 6, offsets(left).get(0), "the report starts at the new log start offset: " + left);
        if (broker.isNewForThisRun()) {
            assertEquals(4, end - 6, "on a new topic, the records before offset 4 are gone");
        }
    }

    @Test
    @Order(4)
    @DisplayName("deleteRecords is refused on a topic that is compacted only")
    void deleteRecordsOnACompactedTopic() throws Exception {
        recorder.output("balances-sent", ProgramRun.run(SendBalances.class, broker));
        String refused = ProgramRun.run(TrimTheBalances.class, broker);
        recorder.output("delete-records-compacted", refused);
        assertTrue(
                Fixtures.messagesJoined(refused.strip())
                        .endsWith("refused: PolicyViolationException\n"
                                + "    Request parameters do not satisfy the configured policy."),
                refused);
    }

    @Test
    @Order(5)
    @DisplayName("retention removes whole segments whose records are older than retention.ms")
    void retention() throws Exception {
        String sent = ProgramRun.run(SendClicks.class, broker);
        recorder.output("clicks-sent", sent);
        Matcher last = Pattern.compile("up to offset (\\d+)\\.").matcher(sent);
        assertTrue(last.find(), sent);
        long firstNew = Long.parseLong(last.group(1)) - 4; // the first click of now
        long checkInterval = brokerSetting("log.retention.check.interval.ms");
        // The broker deletes expired segments when it looks, every log.retention.check.interval.ms.
        Poll.until(
                "the segment of old clicks to be deleted",
                Duration.ofMillis(checkInterval + 30_000),
                () -> logStartOffset("clicks") >= firstNew);
        String left = ProgramRun.run(PrintTheClicks.class, broker);
        recorder.output("retention", left);
        List<Long> offsets = offsets(left);
        List<String> clicks = values(left);
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
    @Order(6)
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

    private static List<String> values(String printed) {
        return RECORD.matcher(printed).results().map(m -> m.group(2)).toList();
    }

    private static List<Long> offsets(String printed) {
        return RECORD.matcher(printed)
                .results()
                .map(m -> Long.parseLong(m.group(1)))
                .toList();
    }

    private long logStartOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.earliest()))
                    .partitionResult(partition)
                    .get(30, TimeUnit.SECONDS)
                    .offset();
        }
    }

    private int partitionCount(String topic) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        }
    }

    private long brokerSetting(String name) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            String node = admin.describeCluster()
                    .nodes()
                    .get(30, TimeUnit.SECONDS)
                    .iterator()
                    .next()
                    .idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, node);
            return Long.parseLong(admin.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource)
                    .get(name)
                    .value());
        }
    }
}
