package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.DescribeTheTopic;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@CoreStep
@ExtendWith(TutorialExtension.class)
class DescribeTheTopicChapter {

    private final Broker broker;
    private final Recorder recorder;

    DescribeTheTopicChapter(Broker broker, Recorder recorder) throws Exception {
        this.broker = broker;
        this.recorder = recorder;
        SampleTopic.ensureExists(broker);
    }

    @Test
    @DisplayName("one partition, led by a broker that holds its only replica, in sync; its settings and their sources")
    void describeTheSampleTopic() throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            TopicDescription sample = admin.describeTopics(List.of("sample"))
                    .allTopicNames()
                    .get()
                    .get("sample");
            recorder.registerRunValue(sample.topicId().toString(), "<topic-id>");
            String printed = ProgramRun.run(DescribeTheTopic.class, broker);
            recorder.output("describe", printed);

            TopicPartitionInfo partition = sample.partitions().get(0);
            assertEquals(1, sample.partitions().size(), "sample has one partition");
            assertTrue(partition.replicas().contains(partition.leader()), "the leader holds a replica");
            assertEquals(partition.replicas(), partition.isr(), "every replica is in sync");
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "sample");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals("delete", config.get("cleanup.policy").value(), "old records are deleted, not compacted");
            assertTrue(printed.contains("cleanup.policy          delete"), printed);
            assertTrue(
                    printed.contains("\tLeader: " + partition.leader().id() + "\tReplicas: "
                            + partition.leader().id() + "\tIsr: "
                            + partition.leader().id() + "\t"),
                    "the program prints the partition's leader, replicas and in-sync replicas: " + printed);
            if (broker.isNewForThisRun()) {
                assertTrue(
                        printed.contains("min.insync.replicas     1            DYNAMIC_DEFAULT_BROKER_CONFIG"),
                        "a new cluster keeps min.insync.replicas as a cluster-wide default: " + printed);
            }
        }
    }
}
