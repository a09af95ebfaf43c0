package dev.hellokafka.tutorial;

import static dev.hellokafka.harness.KafkaTool.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.AddAPartition;
import dev.hellokafka.programs.ConfigureAccounts;
import dev.hellokafka.programs.SendAddresses;
import dev.hellokafka.programs.TryToShrinkCustomers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.admin.ConfigCommand;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chapter's programs use the page's own topics (customers, accounts), as a reader runs them; on a cluster that
 * earlier runs used, the checks count from what this run sent, and those that need the topics new are made only on
 * a broker started for this run. Deleting records, retention and deleting a topic are the two chapters after it.
 */
@ExtendWith(TutorialExtension.class)
class ChangingTopicsChapter {

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
                        "max.message.bytes " + Fixtures.brokerSetting(broker, "message.max.bytes") + " DEFAULT_CONFIG"),
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
        assertEquals(0, alter.exitCode(), alter.transcript());
        // The broker applies what the controller accepted a moment later: the tool describes it after that.
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
        assertTrue(describe.out().contains("max.message.bytes=2000000"), describe.transcript());
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
}
