package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@CoreStep
@ExtendWith(TutorialExtension.class)
class DescribeTheTopicChapter {

    /** A few of the topic's settings worth knowing on day one. */
    private static final List<String> NOTABLE_CONFIGS = List.of(
            "cleanup.policy",
            "retention.ms",
            "retention.bytes",
            "segment.bytes",
            "max.message.bytes",
            "min.insync.replicas",
            "message.timestamp.type");

    private final Broker broker;
    private final Recorder recorder;

    DescribeTheTopicChapter(Broker broker, Recorder recorder) throws Exception {
        this.broker = broker;
        this.recorder = recorder;
        SampleTopic.ensureExists(broker);
    }

    @Test
    @DisplayName("one partition, led by a broker that holds its only replica, in sync")
    void describeTheSampleTopic() throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        // tag::describe[]
        try (Admin admin = Admin.create(adminProps)) {
            TopicDescription sample = admin.describeTopics(List.of("sample"))
                    .allTopicNames()
                    .get()
                    .get("sample");
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "sample");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            // end::describe[]

            recorder.registerRunValue(sample.topicId().toString(), "<topic-id>");
            recorder.output("describe", Fixtures.kafkaTopicsLayout(sample, config));
            List<List<Object>> rows = new ArrayList<>();
            for (String name : NOTABLE_CONFIGS) {
                ConfigEntry entry = config.get(name);
                rows.add(List.of("`" + name + "`", "`" + entry.value() + "`", entry.source()));
            }
            recorder.table("configs", List.of("config", "value", "where the value comes from"), rows);

            TopicPartitionInfo partition = sample.partitions().get(0);
            assertEquals(1, sample.partitions().size(), "sample has one partition");
            assertTrue(partition.replicas().contains(partition.leader()), "the leader holds a replica");
            assertEquals(partition.replicas(), partition.isr(), "every replica is in sync");
            assertEquals("delete", config.get("cleanup.policy").value(), "old records are deleted, not compacted");
            // tag::describe[]
        }
        // end::describe[]
    }
}
